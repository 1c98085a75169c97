public import FakturaXML
public import Findings

// The catalogue texts of XML problems, for the UPD check and for the validator's invoice XML
// (Validate imports UPD): one wording of a schema issue or a budget in every language.

extension XMLIssue {
    /// `<element>: libxml2's words` (`xml.schemaIssue.element`), or libxml2's words alone:
    /// libxml2 writes English, which every language quotes as it is.
    public var text: MessageText {
        guard let element else { return MessageText("xml.schemaIssue", ["englishDetail": .data(message)]) }
        return MessageText("xml.schemaIssue.element", ["element": .data(element), "englishDetail": .data(message)])
    }
}

extension XMLBudget.Limit {
    /// The budget a document passed, as a catalogue text: `refused before parsing: more than
    /// 100000 nodes; the limit for nodes (…) is 100000` in English.
    public func refusal(maximum: Int, found: String) -> MessageText {
        MessageText("xml.overBudget", ["limit": .key("xml.limit.\(self)"), "maximum": .data(String(maximum)),
                                       "englishFound": .data(found)])
    }
}
