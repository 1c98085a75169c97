import Foundation
import Findings

/// The language of every message and report of one run (docs/languages.md): `--lang` on any
/// command, else the locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
///
/// `--lang` is taken off the command line before the commands parse it, so every command has it
/// without each declaring it (and a command's own options cannot shadow it).
enum LanguageChoice {
    /// `--lang VALUE` or `--lang=VALUE` before a `--`; the last one counts.
    static func split(_ arguments: [String]) -> (arguments: [String], lang: String?, missingValue: Bool) {
        var rest: [String] = []
        var lang: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            if argument == "--lang" {
                guard index + 1 < arguments.count else { return (rest, lang, true) }
                lang = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--lang=") {
                lang = String(argument.dropFirst("--lang=".count))
                index += 1
                continue
            }
            rest.append(argument)
            index += 1
        }
        return (rest, lang, false)
    }

    /// The run's arguments without `--lang` (the program name excluded).
    static let arguments: [String] = split(Array(CommandLine.arguments.dropFirst())).arguments

    /// The language chosen for this run; nil when nothing chose one (English, and JSON reports
    /// without `localized`). A locale that says English chooses nothing: an English desktop's
    /// JSON stays as it always was. An unknown `--lang` stops the run in `Faktura.main`.
    static let chosen: Language? = {
        if let lang = split(Array(CommandLine.arguments.dropFirst())).lang { return Language(matching: lang) }
        return Language.fromEnvironment().flatMap { $0 == .english ? nil : $0 }
    }()

    /// The language to write in: the chosen one, or English.
    static var language: Language { chosen ?? .english }

    /// The catalogue of the run's language.
    static var catalogue: MessageCatalogue { MessageCatalogue.of(language) }

    /// A command's or an option's help text in the run's language (`cli.help.*`).
    static func help(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        catalogue.text(key, arguments)
    }

    /// Why the command line's `--lang` cannot be used, or nil when it can (or is not given).
    static func problem() -> String? {
        let (_, lang, missing) = split(Array(CommandLine.arguments.dropFirst()))
        // The names only for the error: listing them reads every catalogue, which a run in
        // English never needs (a twentieth of a short command's start).
        var names: String { Language.available.map(\.tag).joined(separator: ", ") }
        if missing { return "faktura: --lang needs a value: \(names)" }
        guard let lang, Language(matching: lang) == nil else { return nil }
        let catalogue = MessageCatalogue.of(Language.fromEnvironment() ?? .english)
        return "faktura: " + catalogue.text("cli.unknownLanguage", ["language": .data(lang), "languages": .data(names)])
    }
}
