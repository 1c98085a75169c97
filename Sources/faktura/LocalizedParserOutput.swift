import ArgumentParser
import Foundation
import Findings

/// swift-argument-parser's own words — the help screen's headings and built-in lines, its parse
/// errors and the usage lines around them — in the run's language (docs/languages.md).
///
/// The library has no hook for its language, so Faktura takes its output apart where it controls
/// the program: every option's help and every abstract come from the catalogue already; the few
/// lines the library writes itself are fixed formats (`USAGE:`, `(default: …)`,
/// `Unknown option '…'`), each kept as the English text of a `cli.parser.*` key. That English
/// text is the pattern the library's line is matched with, its placeholders the parts taken out
/// (option names and the user's values, never translated), and the key's text in the run's
/// language the line written instead. A parse error matching no pattern (a format a later
/// library version adds) is not shown in English alone: it becomes `cli.parser.unreadable` with
/// the library's sentence quoted. A test runs every pattern against the library's real output.
///
/// English runs print exactly what the library prints.
enum LocalizedParserOutput {
    /// The help screen (`--help`, `help SUBCOMMAND`, no subcommand) in `catalogue`'s language,
    /// wrapped to `width` columns; nil when the text is not a help screen (`--version`,
    /// `--experimental-dump-help`'s JSON, a completion script), which is printed as it is.
    static func help(_ english: String, catalogue: MessageCatalogue, width: Int) -> String? {
        let lines = english.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.contains(where: { $0.hasPrefix("USAGE: ") }) else { return nil }
        var out: [String] = []
        for line in lines {
            let (translated, hanging) = helpLine(line, catalogue: catalogue)
            out += wrapped(translated, width: width, hanging: hanging)
        }
        return out.joined(separator: "\n")
    }

    /// One line of an unwrapped help screen, and the indent of its continuation lines when it
    /// is not the usual one (``continuationIndent(_:)``): the usage synopsis hangs under its
    /// heading, the overview starts each line at the margin.
    static func helpLine(_ line: String, catalogue: MessageCatalogue) -> (String, hanging: Int?) {
        for (english, key) in headings {
            if line == english { return (catalogue.text(key), nil) }
            if line.hasPrefix(english + " ") {
                var rest = String(line.dropFirst(english.count + 1))
                let usage = key == "cli.parser.heading.usage"
                if usage { rest = usageSynopsis(rest, catalogue: catalogue) }
                let heading = catalogue.text(key)
                // "用法：faktura", "ВЫЗОВ: faktura": a full-width colon brings its own space.
                let lead = heading.last.map(isWide) == true ? heading : heading + " "
                return (lead + rest, usage ? columns(lead) : 0)
            }
        }
        return (bodyLine(line, catalogue: catalogue), nil)
    }

    /// A line of the help screen's body: an option, argument or subcommand, or a discussion.
    static func bodyLine(_ line: String, catalogue: MessageCatalogue) -> String {
        // A custom option group's title is the catalogue's already, upper-cased by the library.
        var line = line
        for (english, key) in builtInHelp where line.hasSuffix(english) {
            line = String(line.dropLast(english.count)) + catalogue.text(key)
        }
        if let detailed = match("cli.parser.detailedHelp", line.trimmingCharacters(in: .whitespaces)) {
            let indent = line.prefix { $0 == " " }
            return indent + catalogue.text("cli.parser.detailedHelp", detailed.mapValues { .data($0) })
        }
        return valueLists(line, catalogue: catalogue)
    }

    /// `(default: x)`, `(values: a, b)` and `(values: a, b; default: x)` at the end of an
    /// option's line.
    static func valueLists(_ line: String, catalogue: MessageCatalogue) -> String {
        guard line.hasSuffix(")"), let open = line.range(of: " (", options: .backwards) else { return line }
        let tail = String(line[line.index(after: open.lowerBound)...])
        for key in ["cli.parser.valuesDefault", "cli.parser.values", "cli.parser.default"] {
            if let values = match(key, tail) {
                let text = catalogue.text(key, values.mapValues { .data($0) })
                return line[..<open.lowerBound] + (text.first.map(isWide) == true ? "" : " ") + text
            }
        }
        return line
    }

    /// `[<options>]` and `<subcommand>` in a usage line; the value names of options stay as the
    /// options' syntax.
    static func usageSynopsis(_ synopsis: String, catalogue: MessageCatalogue) -> String {
        synopsis.replacingOccurrences(of: "<options>", with: "<\(catalogue.text("cli.parser.optionsWord"))>")
            .replacingOccurrences(of: "<subcommand>", with: "<\(catalogue.text("cli.parser.subcommandWord"))>")
    }

    /// A parse error's full text (`fullMessage`) in `catalogue`'s language: the message (`message`
    /// is the library's English message alone, as `message(for:)` gives it) and the usage lines
    /// after it. `translatesMessage` is false for a message Faktura wrote itself (a
    /// `ValidationError` from a command's `validate()`), which is in the run's language already.
    static func error(full: String, message: String, translatesMessage: Bool, catalogue: MessageCatalogue) -> String {
        let prefix = "Error: " + message
        guard full.hasPrefix(prefix) else {
            return catalogue.text("cli.parser.error", ["message": .data(translatesMessage ? errorMessage(full, catalogue: catalogue) : full)])
        }
        let translated = translatesMessage ? errorMessage(message, catalogue: catalogue) : message
        var lines = [catalogue.text("cli.parser.error", ["message": .data(translated)])]
        let rest = full.dropFirst(prefix.count).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in rest where !line.isEmpty {
            if line.hasPrefix("Help:  ") {
                lines.append(catalogue.text("cli.parser.help", ["help": .data(String(line.dropFirst("Help:  ".count)))]))
            } else if line.hasPrefix("Usage: ") {
                let synopsis = usageSynopsis(String(line.dropFirst("Usage: ".count)), catalogue: catalogue)
                lines.append(catalogue.text("cli.parser.usageLine", ["usage": .data(synopsis)]))
            } else if let values = match("cli.parser.moreInformation", line.trimmingCharacters(in: .whitespaces)) {
                lines.append("  " + catalogue.text("cli.parser.moreInformation", values.mapValues { .data($0) }))
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The library's message for a parse error in `catalogue`'s language.
    static func errorMessage(_ english: String, catalogue: MessageCatalogue) -> String {
        for key in errorKeys {
            if let values = match(key, english) { return catalogue.text(key, values.mapValues { .data($0) }) }
        }
        // "The value 'x' is invalid for '--y <y>'" and what follows it: the values it takes, or
        // the reason the value's type gave.
        for key in ["cli.parser.invalidValue", "cli.parser.invalidValueBare"] {
            guard let (values, rest) = matchPrefix(key, english) else { continue }
            let sentence = catalogue.text(key, values.mapValues { .data($0) })
            if rest.isEmpty || rest == "." { return sentence }
            if let bullets = rest.range(of: ". Please provide one of the following:\n"), bullets.lowerBound == rest.startIndex {
                let items = rest[bullets.upperBound...].split(separator: "\n").map {
                    MessageArgument.data(String($0.trimmingCharacters(in: .whitespaces).drop { $0 == "-" }).trimmingCharacters(in: .whitespaces))
                }
                return sentence + catalogue.text("cli.parser.oneOf", ["values": .alternatives(items)])
            }
            if rest.hasPrefix(". Please provide one of ") {
                let items = quoted(in: String(rest)).map { MessageArgument.data($0) }
                return sentence + catalogue.text("cli.parser.oneOf", ["values": .alternatives(items)])
            }
            if rest.hasPrefix(": ") {
                return catalogue.text("cli.parser.invalidValueDetail", values.mapValues { .data($0) }.merging(
                    ["englishDetail": .data(String(rest.dropFirst(2)))]) { $1 })
            }
        }
        return catalogue.text("cli.parser.unreadable", ["englishDetail": .data(english)])
    }

    /// Whether a parse error is a `ValidationError` a command's `validate()` threw (Faktura's own
    /// words, in the run's language already). The library hands it back inside its own error
    /// type, which it does not make public; its stored values are looked through for it.
    static func isOwnValidationError(_ error: any Error) -> Bool {
        func holds(_ value: Any, depth: Int) -> Bool {
            if value is ValidationError { return true }
            guard depth > 0 else { return false }
            return Mirror(reflecting: value).children.contains { holds($0.value, depth: depth - 1) }
        }
        return holds(error, depth: 3)
    }

    /// The error formats matched whole, most specific first.
    static let errorKeys = [
        "cli.parser.unknownOptionSuggestion", "cli.parser.unknownOption", "cli.parser.missingArgument",
        "cli.parser.missingValue", "cli.parser.unexpectedValue", "cli.parser.unexpectedArgument",
        "cli.parser.unexpectedArguments", "cli.parser.missingOneOf", "cli.parser.invalidOption",
        "cli.parser.missingSubcommand",
    ]

    /// The help screen's headings, as the library starts a line with them.
    static let headings: [(String, String)] = [
        ("OVERVIEW:", "cli.parser.heading.overview"), ("USAGE:", "cli.parser.heading.usage"),
        ("ARGUMENTS:", "cli.parser.heading.arguments"), ("OPTIONS:", "cli.parser.heading.options"),
        ("SUBCOMMANDS:", "cli.parser.heading.subcommands"),
    ]

    /// The help lines of the options and subcommand the library adds itself.
    static let builtInHelp: [(String, String)] = [
        ("Show help information.", "cli.parser.showHelp"), ("Show the version.", "cli.parser.showVersion"),
        ("Show subcommand help information.", "cli.parser.showSubcommandHelp"),
    ]

    /// The values of `key`'s English text's placeholders in `text`, when `text` is that English
    /// text with values in its placeholders.
    static func match(_ key: String, _ text: String) -> [String: String]? {
        matchPrefix(key, text, whole: true)?.0
    }

    /// As ``match(_:_:)`` for a text that starts with the English text; the rest after it.
    /// Each placeholder takes the shortest value that lets the rest match (all of `text` when
    /// `whole`).
    static func matchPrefix(_ key: String, _ text: String, whole: Bool = false) -> ([String: String], Substring)? {
        let template = MessageCatalogue.english.texts[key] ?? key
        var pattern = "^"
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            names.append(String(rest[rest.index(after: open)..<close]))
            pattern += "(.+?)"
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + (whole ? "$" : "")
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
              let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        var values: [String: String] = [:]
        for (index, name) in names.enumerated() {
            guard let range = Range(found.range(at: index + 1), in: text) else { return nil }
            values[name] = String(text[range])
        }
        guard let end = Range(found.range, in: text)?.upperBound else { return nil }
        return (values, text[end...])
    }

    /// The `'…'`-quoted items of the library's list of values.
    static func quoted(in text: String) -> [String] {
        var items: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "'"), let close = rest[rest.index(after: open)...].firstIndex(of: "'") {
            items.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return items
    }

    // MARK: Wrapping

    /// A help line broken to `width` terminal columns, continued under the text it starts: an
    /// option's help under its help column, a heading's text under its first word. Chinese breaks
    /// between any two characters (not before closing punctuation), other scripts at spaces.
    static func wrapped(_ line: String, width: Int, hanging: Int? = nil) -> [String] {
        guard columns(line) > width else { return [line] }
        let indent = hanging.map { String(repeating: " ", count: $0) } ?? continuationIndent(line)
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        var pendingSpace = ""
        for unit in breakUnits(line) {
            if unit == " " {
                pendingSpace += " "
                continue
            }
            let unitWidth = columns(unit)
            if currentWidth > indent.count, currentWidth + pendingSpace.count + unitWidth > width {
                lines.append(current)
                current = indent
                currentWidth = indent.count
                pendingSpace = ""
            }
            current += pendingSpace + unit
            currentWidth += pendingSpace.count + unitWidth
            pendingSpace = ""
        }
        lines.append(current)
        return lines
    }

    /// Spaces as wide as what precedes a line's text: the help column for `  --name  help`, the
    /// line's own indentation otherwise.
    static func continuationIndent(_ line: String) -> String {
        let leading = line.prefix { $0 == " " }.count
        if leading == 2, let gap = line.dropFirst(2).range(of: "  ") {
            let textStart = line[gap.upperBound...].firstIndex { $0 != " " } ?? line.endIndex
            return String(repeating: " ", count: columns(String(line[..<textStart])))
        }
        return String(repeating: " ", count: leading)
    }

    /// The line cut into what may not be broken: Latin words, single wide characters (each with
    /// any closing punctuation after it), single spaces.
    static func breakUnits(_ line: String) -> [String] {
        var units: [String] = []
        var word = ""
        for character in line {
            if character == " " {
                if !word.isEmpty { units.append(word); word = "" }
                units.append(" ")
            } else if closingPunctuation.contains(character), word.isEmpty, let last = units.last, last != " " {
                units[units.count - 1] = last + String(character)
            } else if isWide(character), !closingPunctuation.contains(character) {
                if !word.isEmpty { units.append(word); word = "" }
                units.append(String(character))
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { units.append(word) }
        return units
    }

    static let closingPunctuation: Set<Character> = ["，", "。", "、", "；", "：", "）", "”", "」", "！", "？", ",", ".", ";", ":", ")"]

    /// Terminal columns of a text: two for East Asian wide characters, one for the others.
    static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD: true
        default: false
        }
    }

    /// The terminal's width as the library reads it: `COLUMNS`, else standard output's window,
    /// else 80.
    static var terminalWidth: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
