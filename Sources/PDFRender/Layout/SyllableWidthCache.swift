import Foundation

/// ``TextWrapping/widestSyllable(_:chain:)`` by text and font chain, for the life of the
/// process. Its texts are table headers, which a template prints in every invoice, and
/// finding their syllables (libhyphen, word by word) cost more than laying out the rest of
/// the table.
enum SyllableWidthCache {
    /// The fonts by identity; held, so that no other font can take a freed one's address.
    private struct Key: Hashable {
        let text: String
        let fonts: [TrueTypeFont]

        static func == (left: Key, right: Key) -> Bool {
            left.text == right.text && left.fonts.elementsEqual(right.fonts, by: ===)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(text)
            for font in fonts { hasher.combine(ObjectIdentifier(font)) }
        }
    }

    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        var widths: [Key: Int] = [:]
    }

    private static let table = Table()
    /// Bounded so that a long run of templates with changing headers cannot grow memory without end.
    static let capacity = 4096

    static func width(of text: String, chain: FontChain, measure: () -> Int) -> Int {
        let key = Key(text: text, fonts: chain.fonts)
        table.lock.lock()
        let known = table.widths[key]
        table.lock.unlock()
        if let known { return known }
        let width = measure()
        table.lock.lock()
        if table.widths.count >= capacity { table.widths.removeAll(keepingCapacity: true) }
        table.widths[key] = width
        table.lock.unlock()
        return width
    }
}
