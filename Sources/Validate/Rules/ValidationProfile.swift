public import InvoiceModel

/// A named rule set (docs/validation.md). Each ``InvoiceRule`` says which profiles it belongs to.
public enum ValidationProfile: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Russian счёт-фактура (Tax Code art. 169 p. 5, Decree 1137): the default when the seller is Russian.
    case ruInvoice = "ru-invoice"
    /// A foreign seller's invoice to a Russian buyer on Ozon: HS codes, the seller's home tax id,
    /// the buyer's INN and Ozon's number and currency limits. The default otherwise.
    case ozonCrossborder = "ozon-crossborder"

    /// The profile for a name such as `ru-invoice` (case-insensitive).
    public init?(name: String) {
        self.init(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// What the profile checks, one line.
    public var summary: String {
        switch self {
        case .ruInvoice:
            "Russian invoice (счёт-фактура), Tax Code art. 169 p. 5 and Decree 1137"
        case .ozonCrossborder:
            "Cross-border seller's invoice for an Ozon posting (Seller API invoice rules)"
        }
    }

    public var description: String { rawValue }

    /// docs/validation.md: only a Russian VAT payer issues a счёт-фактура, so `ru-invoice` applies when
    /// the seller is Russian (``InvoiceModel/Party/isRussian``); every other invoice is a cross-border one.
    public static func defaultProfile(for invoice: Invoice) -> ValidationProfile {
        invoice.seller.isRussian ? .ruInvoice : .ozonCrossborder
    }
}
