import Foundation

/// What Ozon accepts for a seller's invoice (Seller API `/v1/invoice/file/upload` and
/// `/v2/invoice/create-or-update`, docs/legal-basis.md). The one home of these facts: the
/// validation rules, the upload payload, the audit and the help texts all ask here.
public enum OzonLimits {
    /// The `order.marketplace` value of an Ozon order.
    public static let marketplace = "ozon"
    /// The uploaded file: at most 10 MB (taken as 10 MiB).
    public static let maximumFileBytes = 10 * 1024 * 1024
    /// `number`: at most this many characters.
    public static let maximumNumberLength = 50
    /// Besides letters and digits, the separators an invoice number may contain.
    public static let numberSeparators: Set<Character> = ["-", "/", "_", "."]
    /// `price`: at most two decimals.
    public static let maximumPriceDecimals = 2
    /// `price_currency`: the currencies Ozon takes invoices in.
    public static let currencies = ["USD", "EUR", "TRY", "CNY", "RUB", "GBP"]
    /// Posting statuses that need no invoice: unpaid and cancelled postings.
    public static let statusesWithoutInvoice: Set<String> = ["awaiting_payment", "cancelled"]

    /// Whether a number has the shape of an Ozon order number — digits, a hyphen, digits
    /// (`0123456789-0001`) — rather than of a posting number, which adds the posting's ordinal
    /// (`0123456789-0001-1`). An order may hold several postings.
    public static func hasOrderNumberShape(_ number: String) -> Bool {
        var groups = 0
        var digitsInGroup = 0
        for byte in number.utf8 {
            if byte == UInt8(ascii: "-") {
                guard digitsInGroup > 0 else { return false }
                groups += 1
                digitsInGroup = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digitsInGroup += 1
            } else {
                return false
            }
        }
        return groups == 1 && digitsInGroup > 0
    }

    /// The currencies as people read them: `USD, EUR, TRY, CNY, RUB, GBP`.
    public static var currencyList: String { currencies.joined(separator: ", ") }

    /// Whether an order is an Ozon order (`order.marketplace` is `ozon`, any case).
    public static func isOzon(_ order: OrderReference?) -> Bool {
        guard let marketplace = order?.marketplace else { return false }
        return marketplace == Self.marketplace
            || marketplace.trimmingCharacters(in: .whitespaces).lowercased() == Self.marketplace
    }

    /// What Ozon would refuse about an invoice number, one message per problem (empty: accepted).
    /// An empty number is not judged here: "the number is missing" is the caller's message.
    public static func numberProblems(_ number: String) -> [String] {
        var problems: [String] = []
        if number.count > maximumNumberLength {
            problems.append("the invoice number '\(number)' has \(number.count) characters; Ozon accepts at most \(maximumNumberLength)")
        }
        let bad = Set(number.filter { !($0.isLetter || $0.isNumber || numberSeparators.contains($0)) })
        if !bad.isEmpty {
            let shown = bad.map { $0 == " " ? "space" : "'\($0)'" }.sorted().joined(separator: ", ")
            problems.append("the invoice number '\(number)' contains \(shown); Ozon accepts letters and digits (and - / _ .)")
        }
        return problems
    }
}
