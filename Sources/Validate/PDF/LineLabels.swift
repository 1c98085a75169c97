import Foundation

/// The kinds of line label (``InvoiceTextLabels/table``: total, tax id, KPP, HS code, VAT, VAT
/// exempt) a lower-cased line holds, found in one pass over its bytes: at each byte only the
/// labels that start with it are compared. Gives what ``InvoiceTextLabels/contains(_:_:)`` gives
/// for each kind's labels, at the cost of one search instead of six.
struct LineLabels: OptionSet, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let total = LineLabels(rawValue: 1 << 0)
    static let taxId = LineLabels(rawValue: 1 << 1)
    static let kpp = LineLabels(rawValue: 1 << 2)
    static let hsCode = LineLabels(rawValue: 1 << 3)
    static let vat = LineLabels(rawValue: 1 << 4)
    static let exempt = LineLabels(rawValue: 1 << 5)

    private static let kinds: [(InvoiceTextLabels.Kind, LineLabels)] = [
        (.total, .total), (.taxId, .taxId), (.kpp, .kpp), (.hsCode, .hsCode), (.vat, .vat), (.exempt, .exempt),
    ]

    /// Each label's bytes and the kinds it announces, by its first byte.
    private static let byFirstByte: [[(label: [UInt8], kinds: LineLabels)]] = {
        var kindsOfLabel: [[UInt8]: LineLabels] = [:]
        for (kind, flag) in kinds {
            for label in InvoiceTextLabels.table[kind]! { kindsOfLabel[Array(label.utf8), default: []].insert(flag) }
        }
        var table = [[(label: [UInt8], kinds: LineLabels)]](repeating: [], count: 256)
        for (label, flags) in kindsOfLabel.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where !label.isEmpty {
            table[Int(label[0])].append((label, flags))
        }
        return table
    }()

    /// The labels the lower-cased line holds as words (see ``InvoiceTextLabels/contains(_:_:)``).
    init(lowercasedLine line: String) {
        var line = line
        self = line.withUTF8 { bytes -> LineLabels in
            var found: LineLabels = []
            for start in 0..<bytes.count {
                let candidates = Self.byFirstByte[Int(bytes[start])]
                guard !candidates.isEmpty else { continue }
                for (label, flags) in candidates where !found.isSuperset(of: flags) && start + label.count <= bytes.count {
                    let same = label.withUnsafeBufferPointer { needle in
                        memcmp(bytes.baseAddress! + start, needle.baseAddress!, needle.count) == 0
                    }
                    if same && InvoiceTextLabels.standsAsWord(bytes, start: start, length: label.count) { found.formUnion(flags) }
                }
            }
            return found
        }
    }
}
