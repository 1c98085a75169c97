public import Findings
public import PDFReading

extension PDFReadError {
    /// The code a PDF that could not be read is reported under: `ATTACHMENT_NOT_PDF` when the
    /// bytes are no PDF at all, `ATTACHMENT_UNREADABLE` when it is encrypted, damaged or over
    /// its reading budget. The one place this choice is made, for the validator and the audit.
    public var findingCode: FindingCode {
        switch self {
        case .notPDF: .attachmentNotPDF
        case .encrypted, .damaged, .overBudget: .attachmentUnreadable
        }
    }
}

extension Finding {
    /// The finding for a PDF that could not be read (``PDFReadError/findingCode``).
    public init(_ error: PDFReadError, field: FieldPath? = nil, message: String) {
        self.init(code: error.findingCode, field: field, message: message)
    }
}
