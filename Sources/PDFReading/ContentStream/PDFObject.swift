/// A PDF object as the direct text reader parses it (the subset of the syntax a page's text needs).
enum PDFObject: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case name(String)
    case string([UInt8])
    case array([PDFObject])
    case dictionary([String: PDFObject])
    /// `N G R`: resolved through the cross-reference table.
    case reference(Int, Int)
    /// A stream's dictionary and where its raw (still encoded) bytes lie in the file.
    case stream([String: PDFObject], Range<Int>)

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var name: String? {
        if case .name(let value) = self { return value }
        return nil
    }

    var array: [PDFObject]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The dictionary of a dictionary or of a stream.
    var dictionary: [String: PDFObject]? {
        switch self {
        case .dictionary(let value), .stream(let value, _): value
        default: nil
        }
    }
}
