public import Foundation
public import InvoiceModel

/// A rendered PDF and the characters of the invoice that no embedded font could draw.
public struct RenderedInvoice: Sendable {
    public let pdf: Data
    /// Each printed as an empty box and missing from the PDF's text; empty when all is drawn.
    public let uncoveredCharacters: [UncoveredCharacter]
}
