import Foundation
import InvoiceModel

/// ``TextWrapping/widestSyllable(_:chain:)`` by text and font chain, for the life of the
/// process. Its texts are table headers, which a template prints in every invoice, and
/// finding their syllables (libhyphen, word by word) cost more than laying out the rest of
/// the table.
enum SyllableWidthCache {
    /// The fonts by identity; held, so that no other font can take a freed one's address.
    private struct Key: Hashable {
        let text: UTF8Key
        let fonts: [TrueTypeFont]

        static func == (left: Key, right: Key) -> Bool {
            left.text == right.text && left.fonts.elementsEqual(right.fonts, by: ===)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(text)
            for font in fonts { hasher.combine(ObjectIdentifier(font)) }
        }
    }

    /// Bounded so that a long run of templates with changing headers cannot grow memory without end.
    private static let widths = BoundedMemo<Key, Int>(capacity: 4096)

    static func width(of text: String, chain: FontChain, measure: () -> Int) -> Int {
        widths.value(for: Key(text: UTF8Key(text: text), fonts: chain.fonts), compute: measure)
    }
}

/// A table header laid out in its column: the size it is drawn at and its lines, by text,
/// column width, size and font chain, for the life of the process. Headers are the template's
/// words and, for a batch of like invoices, their columns come out the same width, so each
/// header is fitted and hyphenated once rather than for every invoice (it was a twentieth of
/// a счёт-фактура's render).
enum HeaderLayoutCache {
    struct Layout {
        let size: Double
        let lines: [String]
    }

    private struct Key: Hashable {
        let text: UTF8Key
        let width: Double
        let size: Double
        let fonts: [TrueTypeFont]

        static func == (left: Key, right: Key) -> Bool {
            left.width == right.width && left.size == right.size && left.text == right.text
                && left.fonts.elementsEqual(right.fonts, by: ===)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(text)
            hasher.combine(width)
            hasher.combine(size)
            for font in fonts { hasher.combine(ObjectIdentifier(font)) }
        }
    }

    /// Bounded: columns sized from varying content give many widths over a long batch.
    private static let layouts = BoundedMemo<Key, Layout>(capacity: 4096)

    static func layout(of text: String, width: Double, size: Double, chain: FontChain, compute: () -> Layout) -> Layout {
        layouts.value(for: Key(text: UTF8Key(text: text), width: width, size: size, fonts: chain.fonts), compute: compute)
    }
}

/// A process-wide memo shared by render tasks, emptied when it reaches its capacity (the
/// caches above hold the words of a template's headers: a full table means the batch changed,
/// and starting afresh is cheaper than tracking which entries are still in use).
final class BoundedMemo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value kept for `key`, or `compute()`'s, kept. `compute` runs outside the lock: two
    /// tasks may both compute one key, and give the same value.
    func value(for key: Key, compute: () -> Value) -> Value {
        lock.lock()
        let known = values[key]
        lock.unlock()
        if let known { return known }
        let value = compute()
        lock.lock()
        if values.count >= capacity { values.removeAll(keepingCapacity: true) }
        values[key] = value
        lock.unlock()
        return value
    }
}
