import InvoiceModel

extension JSONText {
    /// The text a JSON export's scalar puts in a cell (null is ""), or nil for arrays and objects.
    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .array, .object: nil
        }
    }
}
