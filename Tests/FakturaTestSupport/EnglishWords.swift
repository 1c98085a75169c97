import Foundation
public import Findings

/// The check behind "a Chinese or Russian report holds no English words outside codes,
/// identifiers and the user's own data" (docs/languages.md): what is left of a report once the
/// values its findings quote are taken out.
public enum EnglishWords {
    /// Latin words of two letters or more with a small letter, outside identifiers (words
    /// joined by `_ - . / [ ]` or holding digits). Allowed: names (Ozon, Faktura, Excel) and the
    /// invoice JSON's own words, which every language writes as the format does (`none` for no
    /// VAT, `goods` and `services` for the supply, the literals `null`, `true`, `false`).
    public static func words(in text: String) -> [String] {
        let allowed: Set<String> = ["Ozon", "Faktura", "faktura", "Excel", "none", "goods", "services", "null", "true", "false"]
        return text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || "_-./[]%".contains($0))) }
            .map(String.init)
            .filter { $0.count >= 2 && $0.allSatisfy(\.isLetter) && $0.contains(where: \.isLowercase) && !allowed.contains($0) }
    }

    /// The values a text puts in: the user's data, figures and codes. `english…` values (a
    /// library's own words — libxml2's, libopendkim's, the operating system's — that every
    /// language quotes as they came) only when `withQuotedEnglish`.
    public static func values(_ text: MessageText, withQuotedEnglish: Bool = false) -> [String] {
        text.arguments.filter { withQuotedEnglish || !$0.key.hasPrefix("english") }.values
            .flatMap { values($0, withQuotedEnglish: withQuotedEnglish) }
    }

    public static func values(_ argument: MessageArgument, withQuotedEnglish: Bool = false) -> [String] {
        switch argument {
        case .data(let value): [value]
        case .text(let text): values(text, withQuotedEnglish: withQuotedEnglish)
        case .list(let items), .alternatives(let items): items.flatMap { values($0, withQuotedEnglish: withQuotedEnglish) }
        }
    }

    /// `text` without the findings' codes, fields and values and the other strings given (file
    /// names, hashes, the mail's own subjects), longest first.
    public static func withoutData(_ text: String, findings: [Finding], also: [String] = [],
                                   withQuotedEnglish: Bool = false) -> String {
        var strings = also + findings.flatMap { [$0.code.rawValue, $0.field?.description ?? ""] }
        strings += findings.compactMap(\.text).flatMap { values($0, withQuotedEnglish: withQuotedEnglish) }
        var rest = text
        for value in Set(strings).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            rest = rest.replacingOccurrences(of: value, with: " ")
        }
        return rest
    }
}
