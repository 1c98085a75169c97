import Findings

/// The glossary's terms in a template's words: `{term:seller:ru}` is the catalogue's text
/// `term.seller` in Russian (`messages/ru.json`, docs/glossary.md), so a label reads on the
/// invoice as the same word reads in the reports. Expanded once, when the template is read.
enum TemplateTerms {
    static let prefix = "{term:"

    /// `text` with every `{term:NAME:LANG}` replaced by its catalogue text; a failure names the
    /// reference that has no text.
    static func expand(_ text: String) -> Result<String, TextPattern.PatternError> {
        guard text.contains(prefix) else { return .success(text) }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: prefix) {
            out += rest[..<start.lowerBound]
            guard let close = rest[start.upperBound...].firstIndex(of: "}") else {
                return .failure(TextPattern.PatternError(message: "'{term:' without a closing '}' in \"\(text)\""))
            }
            let reference = rest[start.upperBound..<close]
            let parts = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let language = Language(matching: parts[1]),
                  let term = term(parts[0], in: language) else {
                return .failure(TextPattern.PatternError(message: "{term:\(reference)} names no glossary term: write {term:NAME:LANGUAGE} "
                    + "with a term.NAME of messages/<language>.json (docs/glossary.md) and a language \(Language.available.map(\.tag))"))
            }
            out += term
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return .success(out)
    }

    /// The term's own text in `language`, without falling back to English.
    static func term(_ name: String, in language: Language) -> String? {
        let catalogue = MessageCatalogue.of(language)
        guard catalogue.language == language else { return nil }
        return catalogue.texts["term.\(name)"]
    }
}
