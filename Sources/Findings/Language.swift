import Foundation

/// A language Faktura writes its messages and reports in: one of the message catalogues
/// (`messages/<tag>.json`), named by its BCP 47 tag (`en`, `zh-Hans`, `ru`). docs/languages.md.
public struct Language: Hashable, Sendable, CustomStringConvertible {
    /// The catalogue's tag, as `Content-Language` and the JSON reports' `localized.language` carry it.
    public let tag: String

    init(tag: String) { self.tag = tag }

    public static let english = Language(tag: "en")

    /// Every language a catalogue is compiled in for, English first.
    public static var available: [Language] { MessageCatalogue.all.map(\.language) }

    public var description: String { tag }

    /// The language a name asks for: a tag (`zh`, `zh-Hans`, `zh-CN`, `ru-RU`, `en`) or a POSIX
    /// locale (`zh_CN.UTF-8`, `ru_RU.KOI8-R@euro`), case-insensitive. A name matches a catalogue by
    /// its whole tag or by its first subtag (`zh-TW` reads the simplified catalogue rather than
    /// English). Nil for a language without a catalogue, and for `C` and `POSIX`.
    public init?(matching name: String) {
        var text = name.trimmingCharacters(in: .whitespaces)
        if let cut = text.firstIndex(where: { $0 == "." || $0 == "@" }) { text = String(text[..<cut]) }
        text = text.replacingOccurrences(of: "_", with: "-").lowercased()
        guard !text.isEmpty, text != "c", text != "posix" else { return nil }
        // English (first in the list, so it wins both matches below) without reading the other
        // catalogues: `LANG=en_US.UTF-8` is the usual environment of a batch.
        if text == "en" || text.hasPrefix("en-") {
            self = .english
            return
        }
        let languages = Language.available
        if let exact = languages.first(where: { $0.tag.lowercased() == text }) {
            self = exact
            return
        }
        let primary = text.split(separator: "-").first.map(String.init) ?? text
        guard let found = languages.first(where: { $0.tag.lowercased().split(separator: "-").first.map(String.init) == primary })
        else { return nil }
        self = found
    }

    /// The language the POSIX locale variables choose: the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty decides (as in setlocale); nil when none is set, when it
    /// says `C` or `POSIX`, or names a language without a catalogue.
    public static func fromEnvironment() -> Language? { fromEnvironment(ProcessInfo.processInfo.environment) }

    /// ``fromEnvironment()`` over the given variables.
    public static func fromEnvironment(_ environment: [String: String]) -> Language? {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return Language(matching: value) }
        }
        return nil
    }

    /// The language an HTTP `Accept-Language` header prefers (RFC 9110 12.5.4): the range of
    /// highest weight that a catalogue matches; ranges weighted `q=0` and `*` choose nothing.
    public static func fromAcceptLanguage(_ header: String) -> Language? {
        var ranges: [(language: Language, weight: Double, order: Int)] = []
        for (order, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first, !range.isEmpty, range != "*" else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0, let language = Language(matching: range) else { continue }
            ranges.append((language, weight, order))
        }
        return ranges.min { ($0.weight, -$0.order) > ($1.weight, -$1.order) }?.language
    }
}
