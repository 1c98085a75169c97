/// The objects of the invoice JSON and the keys each may have — one list per object, the
/// `CodingKeys` of its model type (by which the `Codable` conformance writes and reads it).
/// The decoder refuses any other key, naming the nearest of these; the JSON Schema
/// (docs/schemas/invoice.schema.json) is tested against them.
public enum InvoiceJSONObject: String, CaseIterable, Sendable {
    case invoice, order, party, taxId, document, unit, line, totals, signer, traceability

    /// The keys, in the order the model declares them.
    public var keys: [String] {
        switch self {
        case .invoice: Invoice.CodingKeys.allCases.map(\.stringValue)
        case .order: OrderReference.CodingKeys.allCases.map(\.stringValue)
        case .party: Party.CodingKeys.allCases.map(\.stringValue)
        case .taxId: TaxID.CodingKeys.allCases.map(\.stringValue)
        case .document: DocumentReference.CodingKeys.allCases.map(\.stringValue)
        case .unit: UnitOfMeasure.CodingKeys.allCases.map(\.stringValue)
        case .line: InvoiceLine.CodingKeys.allCases.map(\.stringValue)
        case .totals: InvoiceTotals.CodingKeys.allCases.map(\.stringValue)
        case .signer: Signer.CodingKeys.allCases.map(\.stringValue)
        case .traceability: Traceability.CodingKeys.allCases.map(\.stringValue)
        }
    }
}
