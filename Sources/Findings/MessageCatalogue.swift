import CMessageCatalogue
public import Foundation
import InvoiceModel

/// The texts of one language: every finding message, every code's explanation and fix, the
/// reports' headings and the command line's own words, under stable keys
/// (`messages/<tag>.json`, compiled into the binary; docs/languages.md).
///
/// A text names its values with placeholders, `{total}`; a `{` not followed by a name and `}`
/// is an ordinary brace. Values are put in as given: amounts, codes and posting numbers read
/// the same in every language.
public struct MessageCatalogue: Sendable {
    public let language: Language
    /// The language's own name for itself (`简体中文`).
    public let name: String
    /// Text by key.
    public let texts: [String: String]

    /// The catalogues compiled into the binary, English first. Read once, on first use.
    public static let all: [MessageCatalogue] = {
        var catalogues = [english]
        var index = 1
        while let catalogue = compiled(index) {
            catalogues.append(catalogue)
            index += 1
        }
        return catalogues
    }()

    /// English, read on its own: the English message of every finding comes from it, and a run
    /// that writes English never reads the other catalogues.
    public static let english: MessageCatalogue = compiled(0)!

    /// The compiled-in catalogue at `index` (messages/*.json in message_catalogue.c's order).
    private static func compiled(_ index: Int) -> MessageCatalogue? {
        var length = 0
        guard let bytes = faktura_message_catalogue(index, &length) else { return nil }
        // The catalogues are part of the source, checked by MessageCatalogueTests: a broken one
        // is a build defect, not a user's input.
        guard let catalogue = try? MessageCatalogue(json: Data(bytes: bytes, count: length)) else {
            fatalError("message catalogue \(index) is not a valid catalogue")
        }
        return catalogue
    }

    /// The catalogue of a language (English for one without a catalogue).
    public static func of(_ language: Language) -> MessageCatalogue {
        if language == english.language { return english }
        return all.first { $0.language == language } ?? english
    }

    /// Reads a catalogue file: `{"language": TAG, "name": NAME, "messages": {KEY: TEXT, ...}}`.
    public init(json data: Data) throws {
        let value: JSONText
        do {
            value = try JSONText.parse(data)
        } catch {
            throw MessageCatalogueError(reason: "not JSON: \(error.message)")
        }
        guard case .string(let tag)? = value["language"], case .string(let name)? = value["name"],
              case .object(let members)? = value["messages"] else {
            throw MessageCatalogueError(reason: "expected {\"language\", \"name\", \"messages\": {...}}")
        }
        var texts: [String: String] = [:]
        for (key, text) in members {
            guard case .string(let string) = text else { throw MessageCatalogueError(reason: "\(key): not a string") }
            guard texts.updateValue(string, forKey: key) == nil else { throw MessageCatalogueError(reason: "\(key): given twice") }
        }
        self.language = Language(tag: tag)
        self.name = name
        self.texts = texts
    }

    /// The text under `key` with its placeholders filled; English when this catalogue lacks the
    /// key, the key itself when English lacks it too (a test keeps that from shipping).
    public func text(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        let template = texts[key] ?? MessageCatalogue.english.texts[key] ?? key
        return fill(template, arguments)
    }

    /// Whether this catalogue has its own text for `key`.
    public func has(_ key: String) -> Bool { texts[key] != nil }

    func fill(_ template: String, _ arguments: [String: MessageArgument]) -> String {
        // Without a "{" byte there is no "{" character (the search below finds characters).
        guard template.utf8.contains(0x7B) else { return template }
        // English texts, which every finding renders, are ASCII: their characters are their bytes.
        if template.utf8.allSatisfy({ $0 < 0x80 }) { return fillASCII(template, arguments) }
        return fillByCharacters(template, arguments)
    }

    /// ``fill(_:_:)`` character by character: the general code ``fillASCII(_:_:)`` stands in for.
    func fillByCharacters(_ template: String, _ arguments: [String: MessageArgument]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
               MessageCatalogue.isPlaceholderName(rest[afterOpen..<close]) {
                let name = String(rest[afterOpen..<close])
                out += arguments[name].map { render($0) } ?? "{\(name)}"
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }

    /// ``fill(_:_:)`` of an ASCII template, read byte by byte (a character of ASCII text is one
    /// byte, or CR LF, which holds no brace): the same text, without breaking it into characters.
    func fillASCII(_ template: String, _ arguments: [String: MessageArgument]) -> String {
        let bytes = Array(template.utf8)
        var out = ""
        var start = 0
        while let open = bytes[start...].firstIndex(of: 0x7B) {
            out += String(decoding: bytes[start..<open], as: UTF8.self)
            let afterOpen = open + 1
            if let close = bytes[afterOpen...].firstIndex(of: 0x7D), Self.isPlaceholderName(bytes[afterOpen..<close]) {
                let name = String(decoding: bytes[afterOpen..<close], as: UTF8.self)
                out += arguments[name].map { render($0) } ?? "{\(name)}"
                start = close + 1
            } else {
                out += "{"
                start = afterOpen
            }
        }
        out += String(decoding: bytes[start...], as: UTF8.self)
        return out
    }

    /// ``isPlaceholderName(_:)`` of ASCII bytes: an ASCII letter, then ASCII letters and digits.
    static func isPlaceholderName(_ name: ArraySlice<UInt8>) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        guard let first = name.first, isLetter(first) else { return false }
        return name.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    func render(_ argument: MessageArgument) -> String {
        switch argument {
        case .data(let value): value
        case .text(let text): self.text(text.key, text.arguments)
        case .list(let items): items.map(render).joined(separator: text("list.separator"))
        case .alternatives(let items): items.map(render).joined(separator: text("list.or"))
        }
    }

    static func isPlaceholderName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// The placeholder names a text uses, for the catalogue tests.
    public static func placeholders(in template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), isPlaceholderName(rest[afterOpen..<close]) {
                names.insert(String(rest[afterOpen..<close]))
                rest = rest[rest.index(after: close)...]
            } else {
                rest = rest[afterOpen...]
            }
        }
        return names
    }
}

/// Why a catalogue file cannot be read.
public struct MessageCatalogueError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "message catalogue: \(reason)" }
}

/// A text to be written in the reader's language: a catalogue key and its values.
/// An error that has its words in the catalogues: a command that could not run says why in the
/// reader's language, with the system's or a library's reason quoted as it came.
public protocol CatalogueTextError: Error {
    /// The error as a catalogue text.
    var text: MessageText { get }
}

public struct MessageText: Sendable, Hashable, Codable {
    public let key: String
    public let arguments: [String: MessageArgument]

    public init(_ key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    /// The text in `language`.
    public func rendered(in language: Language) -> String {
        MessageCatalogue.of(language).text(key, arguments)
    }

    /// The text in English.
    public var english: String { MessageCatalogue.english.text(key, arguments) }
}

/// A placeholder's value: the user's data or a figure, written as is in every language; a text
/// of the catalogue (a party's role, "space"), written in the reader's language; or a list of
/// these, joined the language's way ("a, b" or "a or b").
public indirect enum MessageArgument: Sendable, Hashable, Codable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    case data(String)
    case text(MessageText)
    case list([MessageArgument])
    /// Joined with the language's "or".
    case alternatives([MessageArgument])

    public init(stringLiteral value: String) { self = .data(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .data(String(stringInterpolation: stringInterpolation)) }

    /// A catalogue text as a value.
    public static func key(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> MessageArgument {
        .text(MessageText(key, arguments))
    }
}
