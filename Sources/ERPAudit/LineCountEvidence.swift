import Foundation
import InvoiceModel

/// Whether the PDF's total, read by its label, shows that a line is missing from its goods
/// table or a row is there that the order lacks: the total is the order's less exactly the
/// line's amount, or plus exactly the row's. That is evidence the table was read whole where
/// it matters, even when another row could not be read in full.
struct LineCountEvidence: Sendable {
    /// The order's total, to the cent.
    let orderTotal: Decimal?
    /// The totals the PDF shows by a total label, to the cent.
    let labelled: Set<Decimal>

    init(orderTotal: Decimal?, labelledTotals: [Decimal]) {
        self.orderTotal = orderTotal.map { DecimalText.rounded($0, scale: 2) }
        labelled = Set(labelledTotals.map { DecimalText.rounded($0, scale: 2) })
    }

    /// The labelled total that is the order's less `amount` (a line left out), or nil when the
    /// PDF shows the order's own total or no such figure.
    func totalWithout(_ amount: Decimal?) -> Decimal? {
        shifted(by: amount.map { -$0 })
    }

    /// The labelled total that is the order's plus `amount` (a row the order lacks), or nil.
    func totalWith(_ amount: Decimal?) -> Decimal? {
        shifted(by: amount)
    }

    private func shifted(by amount: Decimal?) -> Decimal? {
        guard let orderTotal, let amount, amount != 0, !labelled.contains(orderTotal) else { return nil }
        let wanted = DecimalText.rounded(orderTotal + amount, scale: 2)
        return labelled.contains(wanted) ? wanted : nil
    }

    /// The one line among `candidates` (indices into `lines`) whose quantity, changed by a whole
    /// number of units, gives a labelled total: the total differs from the order's by exactly k ×
    /// the line's unit price (k not 0, and not minus the whole quantity, which is the line left
    /// out). Returns the line, the quantity the total bills and that total; nil when no line or
    /// more than one explains it.
    func onlyQuantityChanged(lines: [(quantity: Decimal?, price: Decimal?)], candidates: [Int])
        -> (line: Int, quantity: Decimal, total: Decimal)? {
        guard let orderTotal, !labelled.contains(orderTotal) else { return nil }
        var found: [(line: Int, quantity: Decimal, total: Decimal)] = []
        for total in labelled.sorted() {
            let difference = total - orderTotal
            for index in candidates {
                guard let quantity = lines[index].quantity, let price = lines[index].price, price > 0 else { continue }
                let units = difference / price
                guard units != 0, DecimalText.rounded(units, scale: 0) == units, quantity + units > 0 else { continue }
                found.append((index, quantity + units, total))
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The one line (index into `amounts`) whose amount the labelled total lacks, when exactly
    /// one line's amount explains the difference (a PDF without a goods table read).
    func onlyLineMissing(amounts: [Decimal?]) -> Int? {
        let explaining = amounts.indices.filter { totalWithout(amounts[$0]) != nil }
        guard explaining.count == 1 else { return nil }
        // Two lines of the same amount: the total cannot tell which one is missing.
        let amount = amounts[explaining[0]]
        return amounts.filter { $0 == amount }.count == 1 ? explaining[0] : nil
    }
}
