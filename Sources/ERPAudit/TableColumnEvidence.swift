import Findings
import Foundation
import InvoiceModel
import Validate

/// Whether a value an identified row shows against its order line is evidence of a wrong
/// invoice, or more likely of a column read from the wrong place (docs/third-party-pdfs.md,
/// "Evidence before an error").
///
/// A wrong invoice differs from its order in a fact or two, and stays consistent with itself
/// (a changed quantity changes the line's amount). A misread column does neither: it disagrees
/// with the order in most rows at once (a VAT column taken for the amounts), or makes the row
/// disagree with its own figures (the first digits of a price pushed into the next cell).
struct TableColumnEvidence {
    /// The row values compared with the order.
    enum Column: String, CaseIterable, Sendable {
        case quantity, price, amount, vatRate, vatAmount, hsCode

        /// The column's name in messages.
        var name: MessageArgument {
            switch self {
            case .quantity: .key("attachment.column.quantity")
            case .price: .key("attachment.column.price")
            case .amount: .key("attachment.column.amount")
            case .vatRate: .key("attachment.column.vatRate")
            case .vatAmount: .key("attachment.column.vatAmount")
            case .hsCode: .key("attachment.column.hsCode")
            }
        }
    }

    /// How many identified rows agree with their order line in a column, and how many show another value.
    struct Tally: Equatable, Sendable {
        var agree = 0
        var disagree = 0
    }

    private(set) var tallies: [Column: Tally] = [:]

    /// The tallies over the pairs of order line and identified row.
    init(_ pairs: [(line: InvoiceRowMatching.LineValues, row: InvoiceTableRow)]) {
        for (line, row) in pairs {
            for column in Column.allCases {
                // An HS cell with digits but no code (a fragment of a code that wrapped) counts
                // against its column as a contradiction does: the column is not read where it stands.
                if column == .hsCode, line.hsCode != nil, row.hsCode == nil, row.malformedHSCode != nil {
                    tallies[column, default: Tally()].disagree += 1
                    continue
                }
                guard let agrees = Self.agrees(column, line, row) else { continue }
                if agrees { tallies[column, default: Tally()].agree += 1 } else { tallies[column, default: Tally()].disagree += 1 }
            }
        }
    }

    private static let cent = Decimal(string: "0.01")!

    /// Whether the row shows the line's value in `column`; nil when one of them shows none.
    static func agrees(_ column: Column, _ line: InvoiceRowMatching.LineValues, _ row: InvoiceTableRow) -> Bool? {
        switch column {
        case .quantity:
            guard let quantity = line.quantity, let shown = row.quantity else { return nil }
            return quantity == shown
        case .price:
            guard let price = line.price, let shown = row.price else { return nil }
            return InvoiceRowMatching.cents(price) == InvoiceRowMatching.cents(shown)
        case .amount:
            guard let amount = line.amount, let shown = row.amount else { return nil }
            return amount == InvoiceRowMatching.cents(shown)
        case .vatRate:
            guard let rate = line.rate, let shown = row.vatRate else { return nil }
            return rate == shown
        case .vatAmount:
            guard let expected = line.vatAmount, let shown = row.vatAmount else { return nil }
            return abs(InvoiceRowMatching.cents(shown) - expected) <= cent
        case .hsCode:
            guard let code = line.hsCode, let shown = row.hsCode else { return nil }
            return code == shown
        }
    }

    /// Why the column's values are no evidence against the order, or nil when they are: the
    /// column shows another value than the order in most identified rows, and in at least two.
    /// One wrong fact changes one row; a column that contradicts most of them was read from
    /// another column's place.
    func misread(_ column: Column) -> MessageArgument? {
        guard let tally = tallies[column], tally.disagree >= 2, tally.disagree > tally.agree else { return nil }
        return .key("attachment.reason.columnMisread", ["column": column.name, "count": .data(String(tally.disagree)),
                                                         "rows": .data(String(tally.agree + tally.disagree))])
    }

    /// Whether the row's quantity × price gives its amount (or its amount without VAT), to the
    /// cent; nil when the row lacks one of them. A row that disagrees with itself was read
    /// wrong, or the invoice's arithmetic is wrong, which its own finding reports: either way
    /// it is no evidence of another quantity or price than the order's.
    /// A product of zero (a quantity or price read as 0) vouches for nothing: 0 × 24 = 0 holds
    /// for any cells, and no invoice line bills nothing.
    static func arithmetic(_ row: InvoiceTableRow) -> Bool? {
        guard let quantity = row.quantity, let price = row.price, row.amount != nil || row.net != nil else { return nil }
        let product = DecimalText.rounded(quantity * price, scale: 2)
        guard product != 0 else { return nil }
        return [row.amount, row.net].contains { $0.map { abs($0 - product) <= cent } ?? false }
    }

    /// A figure's digits to the cent without leading zeros (`0.50` → `50`, `7515.99` → `751599`).
    private static func significantDigits(_ value: Decimal) -> String {
        String(DecimalText.format(abs(value), scale: 2).filter(\.isNumber).drop { $0 == "0" })
    }

    /// Whether the figure shown is the expected one with digits lost at one end (`515.99` for
    /// `7515.99`, `150` for `1500`): the mark of a figure cut at a cell's edge, not of another
    /// value. A figure longer than the expected one is not taken for a cut: a real increase that
    /// crosses a power of ten (99.72 + 100 = 199.72) looks the same as a neighbour's digit run in.
    static func digitsCut(_ shown: Decimal, _ expected: Decimal) -> Bool {
        let long = significantDigits(expected)
        // The shown figure as printed, too: a cut at a group mark or after the last digit that
        // fitted leaves `181` of `181 607,99`, `17428054,6` of `17428054,67`, which the cents
        // added to the figure would hide.
        for short in Set([significantDigits(shown), printedDigits(shown)]) where short.count < long.count && !short.isEmpty {
            if long.hasPrefix(short) || long.hasSuffix(short) { return true }
        }
        return false
    }

    /// A figure's digits as printed: without the zeros a scale pads it with, nor leading zeros
    /// (`181.00` → `181`, `17428054.60` → `174280546`).
    private static func printedDigits(_ value: Decimal) -> String {
        String(DecimalText.canonical(abs(value)).filter(\.isNumber).drop { $0 == "0" })
    }

    /// Whether the figure shown, as printed, holds the expected one's digits at its start or end
    /// and more digits beside them (`3549.99` for `3`, `20100` for `100`): another cell's
    /// figure run into this one.
    static func digitsRunIn(_ shown: Decimal, _ expected: Decimal) -> Bool {
        let (long, short) = (printedDigits(shown), printedDigits(expected))
        return short.count < long.count && !short.isEmpty && (long.hasPrefix(short) || long.hasSuffix(short))
    }

    /// Whether the figure shown is the expected one with digits put in front (`4411.00` for
    /// `411.00`): in a row whose quantity was not read, the quantity's digits run into the price.
    static func digitsInFront(_ shown: Decimal, _ expected: Decimal) -> Bool {
        let (long, short) = (significantDigits(shown), significantDigits(expected))
        return short.count < long.count && !short.isEmpty && long.hasSuffix(short)
    }

    /// The figures of the row and its order line that stand in other cells than `column`, with
    /// their names: the figures a neighbouring cell may run into `column`'s figure.
    private static func neighbours(of column: Column, _ row: InvoiceTableRow,
                                   _ line: InvoiceRowMatching.LineValues) -> [(name: MessageArgument, digits: String, printed: String)] {
        var figures: [(name: MessageArgument, digits: String, printed: String)] = []
        func add(_ name: MessageArgument, _ value: Decimal, scale: Int) {
            figures.append((name, printedDigits(value), scale == 0 ? DecimalText.canonical(value) : DecimalText.format(value, scale: scale)))
        }
        // The printed line number, or where its cell was not read (its digits ran into the next
        // cell), the row's place in the table.
        if let position = row.position ?? Optional(row.index), position > 0 {
            add(.key("attachment.column.position"), Decimal(position), scale: 0)
        }
        if column != .quantity, let quantity = line.quantity { add(Column.quantity.name, quantity, scale: 0) }
        if column != .price, let price = line.price { add(Column.price.name, price, scale: 2) }
        if column != .amount, let amount = line.amount { add(Column.amount.name, amount, scale: 2) }
        if column != .vatAmount, let vat = line.vatAmount { add(Column.vatAmount.name, vat, scale: 2) }
        if let amount = line.amount, let vat = line.vatAmount { add(.key("attachment.column.net"), amount - vat, scale: 2) }
        if case .percent(let percent) = line.rate { add(Column.vatRate.name, percent, scale: 0) }
        if let code = line.hsCode { figures.append((Column.hsCode.name, String(code.drop { $0 == "0" }), code)) }
        return figures.filter { !$0.digits.isEmpty }
    }

    /// Why a figure the row shows is another cell's, or nil: it is a figure of another cell
    /// of the row or its line (a quantity that is the line's HS code), or the order's figure
    /// with such a figure run into it at one end (`12242467` for quantity 12 and price
    /// 242 467, `2491.91` for VAT 491.91 in row 2). Either way the cells were parted in the
    /// wrong place; a wrong invoice's figure is no concatenation of its neighbours. Only for
    /// figures of four digits or more: a quantity of 3 in row 3, or 10 beside a rate of 10 %,
    /// may well be the PDF's own.
    private static func otherCellDoubt(_ column: Column, shown: Decimal, expected: Decimal?, _ row: InvoiceTableRow,
                                       _ line: InvoiceRowMatching.LineValues, scale: Int) -> MessageArgument? {
        let long = printedDigits(shown)
        guard long.count >= 4 else { return nil }
        let short = expected.map(printedDigits) ?? ""
        // Quantities as printed (`4502.5`), money to the cent.
        func text(_ value: Decimal) -> MessageArgument {
            .data(scale == 0 ? DecimalText.canonical(value) : DecimalText.format(value, scale: scale))
        }
        for (name, digits, printed) in neighbours(of: column, row, line) {
            if long == digits {
                return .key("attachment.reason.otherCellFigure", ["shown": text(shown), "cell": name, "column": column.name])
            }
            if !short.isEmpty, long == short + digits || long == digits + short, let expected {
                return .key("attachment.reason.figureRunIn", ["shown": text(shown), "expected": text(expected),
                                                              "cell": name, "figure": .data(printed)])
            }
        }
        return nil
    }

    /// The doubt a cut figure gives (``digitsCut(_:_:)``), or nil.
    private static func cutDoubt(_ shown: Decimal, _ expected: Decimal?, scale: Int) -> MessageArgument? {
        guard let expected, digitsCut(shown, expected) else { return nil }
        return .key("attachment.reason.digitsCut", ["shown": .data(DecimalText.format(shown, scale: scale)),
                                                     "expected": .data(DecimalText.format(expected, scale: scale))])
    }

    /// Why a quantity or price the row shows is no evidence, or nil when it is: a misread
    /// column, a row that disagrees with itself, or, where the row cannot say (no amount), a
    /// figure cut (``digitsCut(_:_:)``) or a price with the unread quantity's digits in front
    /// (``digitsInFront(_:_:)``).
    func quantityOrPriceDoubt(_ column: Column, _ row: InvoiceTableRow, line: InvoiceRowMatching.LineValues? = nil) -> MessageArgument? {
        if let reason = misread(column) { return reason }
        if column != .amount, let line, let shown = column == .quantity ? row.quantity : row.price {
            if let doubt = Self.otherCellDoubt(column, shown: shown, expected: column == .quantity ? line.quantity : line.price,
                                               row, line, scale: column == .quantity ? 0 : 2) {
                return doubt
            }
            // No invoice line bills 0 units: a 0 under the quantity is the last digit of a figure
            // cut at its cell's edge ("150" over "0"), or a stray cell.
            if column == .quantity, shown == 0 { return .key("attachment.reason.zeroQuantity") }
        }
        // The figure shown is the order's with more digits at one end (10156 for 10, 4502.5 for
        // 4), and the row cannot vouch for it: a cell of the row could not be read ("872.99 1"
        // under the price: the row's splits fell in the wrong places), or no other figure of the
        // row checks it (a quantity with neither price nor amount). The next cell's digits ran in.
        // (Not an HS code of digits alone: a malformed code is the PDF's, not a misread.)
        if column != .amount, let line, let shown = column == .quantity ? row.quantity : row.price,
           let expected = column == .quantity ? line.quantity : line.price, Self.digitsRunIn(shown, expected) {
            if let cell = row.unreadCells.first(where: { $0.column != .hsCode || $0.text.contains { !$0.isNumber && $0 != " " && $0 != "." } }) {
                return .key("attachment.reason.rowCellUnread", ["cell": .text(cell.message)])
            }
            if row.amount == nil, row.net == nil, column == .quantity ? row.price == nil : row.quantity == nil {
                return .key("attachment.reason.figureUnchecked", ["column": column.name])
            }
        }
        // A price in a row whose quantity was not read, and which shows no amount either or left
        // another cell unread ("24 68 298.00 ₽" under the quantity): the price column is where the
        // reader put it, not where the row's prices stand.
        if column == .price, row.quantity == nil,
           let cell = row.unreadCells.first(where: { $0.column != .hsCode && $0.column != .vatRate }) {
            return .key("attachment.reason.rowCellUnread", ["cell": .text(cell.message)])
        }
        // The same the other way: a quantity beside a price cell that could not be read and that
        // holds the order's quantity at the start of a word ("件 24193 603.57" for 24, the row
        // reading 3): the split between them fell wrong, and the order's figure stands unread
        // beside the one read. (Two digits at least: a 1 starts many a figure.)
        if column == .quantity, row.price == nil, let expected = line?.quantity, case let digits = Self.printedDigits(expected),
           digits.count >= 2, let cell = row.unreadCells.first(where: { $0.column == .price }),
           cell.text.split(separator: " ").contains(where: { $0.hasPrefix(digits) }) {
            return .key("attachment.reason.rowCellUnread", ["cell": .text(cell.message)])
        }
        let selfConsistent = Self.arithmetic(row)
        // A row whose own figures agree shows the value it means, cut-looking or not.
        if selfConsistent == nil, let line {
            let doubt = column == .quantity ? row.quantity.flatMap { Self.cutDoubt($0, line.quantity, scale: 0) }
                : row.price.flatMap { Self.cutDoubt($0, line.price, scale: 2) }
            if let doubt { return doubt }
            if column == .price, row.quantity == nil, let shown = row.price, let price = line.price, Self.digitsInFront(shown, price) {
                return .key("attachment.reason.quantityInPrice", ["shown": .data(DecimalText.format(shown, scale: 2)),
                                                                   "price": .data(DecimalText.format(price, scale: 2))])
            }
        }
        if selfConsistent == false, let quantity = row.quantity, let price = row.price {
            let product = DecimalText.rounded(quantity * price, scale: 2)
            let shown = row.amount ?? row.net ?? 0
            return .key("attachment.reason.rowArithmetic", ["quantity": .data(DecimalText.canonical(quantity)),
                                                             "price": .data(DecimalText.format(price, scale: 2)),
                                                             "product": .data(DecimalText.format(product, scale: 2)),
                                                             "amount": .data(DecimalText.format(shown, scale: 2))])
        }
        return nil
    }

    /// Why an amount the row shows is no evidence, or nil when it is. The amount is compared
    /// when the row's quantity and price (if any) agree with the order, so a row that shows its
    /// price disagrees with itself (quantity × price is the order's amount, not the row's), and
    /// a row without a price has nothing to check the amount against: either way the figure
    /// may be another cell's. The money is still compared through the total by its label.
    func amountDoubt(_ row: InvoiceTableRow) -> MessageArgument? {
        if let reason = misread(.amount) { return reason }
        if let doubt = quantityOrPriceDoubt(.amount, row) { return doubt }
        if row.price == nil { return .key("attachment.reason.amountUnchecked") }
        return nil
    }

    /// Why a VAT amount the row shows is no evidence, or nil when it is: besides a misread
    /// column, a VAT cut (``digitsCut(_:_:)``), a VAT as large as the row's own amount, which
    /// is no VAT at any rate, and a VAT that is the row's unit price (the figure of the next
    /// cell read into it).
    func vatAmountDoubt(_ row: InvoiceTableRow, line: InvoiceRowMatching.LineValues? = nil) -> MessageArgument? {
        if let reason = misread(.vatAmount) { return reason }
        if let vat = row.vatAmount, let line, let doubt = Self.otherCellDoubt(.vatAmount, shown: vat, expected: line.vatAmount, row, line, scale: 2) {
            return doubt
        }
        // A VAT agrees to the cent (rounding): so does a cut one.
        if let vat = row.vatAmount, let expected = line?.vatAmount {
            for candidate in [expected, expected + Self.cent, expected - Self.cent] {
                if let doubt = Self.cutDoubt(vat, candidate, scale: 2) { return doubt }
            }
        }
        // The row's own amount, or, where its amount cell was not read, the order line's.
        if let vat = row.vatAmount, let amount = row.amount ?? row.net ?? line?.amount, vat >= amount {
            return .key("attachment.reason.vatOverAmount", ["vat": .data(DecimalText.format(vat, scale: 2)),
                                                             "amount": .data(DecimalText.format(amount, scale: 2))])
        }
        if let vat = row.vatAmount, let price = row.price ?? line?.price, InvoiceRowMatching.cents(vat) == InvoiceRowMatching.cents(price),
           row.quantity != 1 {
            return .key("attachment.reason.vatIsPrice", ["vat": .data(DecimalText.format(vat, scale: 2))])
        }
        // The rate's own number (`22` under a VAT heading whose amount wrapped away), or the
        // amount without VAT (the next column's figure): another cell's value, not another VAT.
        if let vat = row.vatAmount, case .percent(let percent)? = row.vatRate ?? line?.rate, vat == percent {
            return .key("attachment.reason.vatIsOtherCell", ["vat": .data(DecimalText.format(vat, scale: 2)), "cell": Column.vatRate.name])
        }
        if let vat = row.vatAmount, let expected = line?.vatAmount, let amount = line?.amount,
           InvoiceRowMatching.cents(vat) == amount - expected || row.net.map({ InvoiceRowMatching.cents($0) == InvoiceRowMatching.cents(vat) }) == true {
            return .key("attachment.reason.vatIsOtherCell", ["vat": .data(DecimalText.format(vat, scale: 2)), "cell": .key("attachment.column.net")])
        }
        return nil
    }


    /// Why a VAT rate the row shows is no evidence, or nil when it is: besides a misread column,
    /// a VAT amount cell of the row that could not be read ("735 936,39 87"): the split between
    /// the rate and the VAT beside it fell in the wrong place, and the rate read may be the VAT's
    /// first group (`15` of `15 735 936,39`).
    func rateDoubt(_ row: InvoiceTableRow) -> MessageArgument? {
        if let reason = misread(.vatRate) { return reason }
        if let cell = row.unreadCells.first(where: { $0.column == .vatAmount }) {
            return .key("attachment.reason.rateBesideUnread", ["cell": .text(cell.message)])
        }
        return nil
    }

    /// Why an HS code the row shows is no evidence, or nil when it is: besides a misread
    /// column, a code that is the start of the export's is one whose last digits stand where
    /// the reader did not look (a cell wrapped in a narrow column), not another code.
    func hsCodeDoubt(_ shown: String, _ code: String) -> MessageArgument? {
        if let reason = misread(.hsCode) { return reason }
        if shown.count < code.count, code.hasPrefix(shown) {
            return .key("attachment.reason.hsPrefix", ["shown": .data(shown), "code": .data(code)])
        }
        return nil
    }
}
