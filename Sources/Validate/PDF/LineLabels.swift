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

    /// Each label's bytes and the kinds it announces, by its first two bytes (every label of
    /// these kinds has two or more: in Cyrillic text the first byte alone, D0 or D1, would let
    /// every Cyrillic label be compared at every letter).
    private static let byFirstBytes: [UInt16: [(label: [UInt8], kinds: LineLabels)]] = {
        var kindsOfLabel: [[UInt8]: LineLabels] = [:]
        for (kind, flag) in kinds {
            for label in InvoiceTextLabels.table[kind]! { kindsOfLabel[Array(label.utf8), default: []].insert(flag) }
        }
        var table: [UInt16: [(label: [UInt8], kinds: LineLabels)]] = [:]
        for (label, flags) in kindsOfLabel.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            precondition(label.count >= 2, "line labels have two bytes or more")
            table[UInt16(label[0]) << 8 | UInt16(label[1]), default: []].append((label, flags))
        }
        return table
    }()

    /// Which pairs of first bytes start a label, one bit a pair: most bytes of a line start none.
    private static let firstBytesBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 65_536 / 64)
        for key in byFirstBytes.keys { bits[Int(key) >> 6] |= 1 << UInt64(key & 63) }
        return bits
    }()

    /// The labels the lower-cased line holds, found by the search of each kind's labels in turn
    /// (the general code ``init(lowercasedLine:)`` stands in for).
    init(searching line: String) {
        self = Self.kinds.reduce(into: []) { found, kind in
            if InvoiceTextLabels.contains(line, InvoiceTextLabels.table[kind.0]!) { found.insert(kind.1) }
        }
    }

    /// The labels the lower-cased line holds as words (see ``InvoiceTextLabels/contains(_:_:)``).
    init(lowercasedLine line: String) {
        var line = line
        self = line.withUTF8 { bytes -> LineLabels in
            var found: LineLabels = []
            guard bytes.count >= 2 else { return found }
            for start in 0..<bytes.count - 1 {
                let key = UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
                guard Self.firstBytesBits[Int(key) >> 6] & (1 << UInt64(key & 63)) != 0,
                      let candidates = Self.byFirstBytes[key] else { continue }
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
