/// The lines poppler's text layout makes of a page's words (`TextPage::coalesce`: blocks, then
/// each block's lines), reproduced for what ``PageWordBuilder`` cannot tell from one base line:
/// which neighbours of a line of one-character words share its poppler line, and so which
/// space threshold poppler gives that line. Only upright text (poppler's rotation 0).
///
/// poppler files its words in a pool of 4-point base-line buckets, each bucket ordered by the
/// words' left edges, and grows a block from the leftmost word of the topmost buckets: words on
/// the lines above and below (base within 1.5 font sizes, overlapping the block horizontally,
/// the same size within 5 %), words on the block's lines within 0.7 of a font size of it (size
/// within 60 %), and, when nothing else was found, up to three outlying words within a font size
/// to its left or right (one a bucket, size within 20 %), until no word is added. A block's
/// lines start at its leftmost word in the topmost buckets and take, again and again, the
/// leftmost word within half a font size of the line's base and 1.5 font sizes of its last
/// word, until a word overlaps the last by half a font size. Which words the scans meet first
/// follows the buckets, so the buckets are kept as poppler keeps them.
///
/// Block membership decides a line's extent; nothing here decides text order or spacing
/// (``PageWordBuilder`` does). Duplicated words (poppler drops fake bold's second drawing per
/// block) make the layout unknown: ``init(words:sameText:)`` then answers nil.
struct PopplerLineLayout {
    /// A poppler word: its box, base line, font size and character count.
    struct Word {
        var xMin: Double
        var xMax: Double
        var yMin: Double
        var yMax: Double
        var base: Double
        var fontSize: Double
        var length: Int
    }

    /// Each line's words in poppler's order (left to right along the line).
    private(set) var lines: [[Int]] = []
    /// The line of each word (an index into ``lines``).
    private(set) var lineOfWord: [Int]
    /// The block of each word (blocks numbered in the order poppler builds them).
    private(set) var blockOfWord: [Int]

    /// Words past which the layout is not worked out (the caller declines instead): the scans
    /// are quadratic in a block's words at worst.
    static let maxWords = 4_000

    /// poppler's parameters (`TextOutputDev.cc`), as fractions of the first word's font size.
    private enum Parameter {
        static let poolStep = 4.0
        static let lineSpacing = 1.5
        static let intraLine = 0.5
        static let columnSpacing1 = 0.7
        static let columnSpacing2 = 1.0
        static let sizeDeltaAboveBelow = 0.05
        static let sizeDeltaOverlapping = 0.6
        static let sizeDeltaOutlying = 0.2
        static let wordSpacing = 1.5
        static let overlap = -0.5
        static let duplicateAlong = 0.1
        static let duplicateAcross = 0.2
    }

    /// The page's lines, or nil where they cannot be known: too many words, a base line out of
    /// poppler's pool range, or a word drawn twice in one block. `sameText(a, b)` tells whether
    /// two words hold the same characters.
    init?(words: [Word], sameText: (Int, Int) -> Bool) {
        lineOfWord = [Int](repeating: -1, count: words.count)
        blockOfWord = lineOfWord
        var blockCount = 0
        guard words.count <= Self.maxWords,
              words.allSatisfy({ $0.base.isFinite && abs($0.base) < 1e8 && $0.fontSize.isFinite && $0.xMin.isFinite && $0.xMax.isFinite })
        else { return nil }
        var page = Pool()
        for index in words.indices { page.add(index, words) }
        var poolMinimum = page.minIndex
        while true {
            while poolMinimum <= page.maxIndex, page.isEmpty(poolMinimum) { poolMinimum += 1 }
            guard poolMinimum <= page.maxIndex else { break }
            let first = page.takeFirst(page.leftmostBucket(from: poolMinimum, words))
            guard let block = Self.block(from: first, page: &page, words) else { return nil }
            guard !Self.hasDuplicates(block, words, sameText: sameText) else { return nil }
            var blockPool = Pool()
            for word in block {
                blockPool.add(word, words)
                blockOfWord[word] = blockCount
            }
            blockCount += 1
            for line in Self.lines(of: &blockPool, words) {
                for word in line { lineOfWord[word] = lines.count }
                lines.append(line)
            }
        }
    }

    /// The words of the block grown from `first`, in the order they were added.
    private static func block(from first: Int, page: inout Pool, _ words: [Word]) -> [Int]? {
        var members = [first]
        var box = (xMin: words[first].xMin, xMax: words[first].xMax)
        func add(_ word: Int) {
            members.append(word)
            box.xMin = min(box.xMin, words[word].xMin)
            box.xMax = max(box.xMax, words[word].xMax)
        }
        let size = words[first].fontSize
        var minBase = words[first].base, maxBase = minBase
        let columnSpace1 = Parameter.columnSpacing1 * size, columnSpace2 = Parameter.columnSpacing2 * size
        let lineSpace = Parameter.lineSpacing * size, intraLineSpace = Parameter.intraLine * size
        var found: Bool
        repeat {
            found = false
            // Lines above the block's top line.
            var newMinBase = minBase
            var bucket = page.index(minBase)
            while bucket >= page.index(minBase - lineSpace) {
                page.removeAll(in: bucket) { word in
                    let candidate = words[word]
                    guard candidate.base < minBase, candidate.base >= minBase - lineSpace, candidate.xMin < box.xMax, candidate.xMax > box.xMin,
                          abs(candidate.fontSize - size) < Parameter.sizeDeltaAboveBelow * size else { return false }
                    add(word)
                    found = true
                    newMinBase = candidate.base
                    return true
                }
                bucket -= 1
            }
            minBase = newMinBase
            // Lines below its bottom line.
            var newMaxBase = maxBase
            bucket = page.index(maxBase)
            while bucket <= page.index(maxBase + lineSpace) {
                page.removeAll(in: bucket) { word in
                    let candidate = words[word]
                    guard candidate.base > maxBase, candidate.base <= maxBase + lineSpace, candidate.xMin < box.xMax, candidate.xMax > box.xMin,
                          abs(candidate.fontSize - size) < Parameter.sizeDeltaAboveBelow * size else { return false }
                    add(word)
                    found = true
                    newMaxBase = candidate.base
                    return true
                }
                bucket += 1
            }
            maxBase = newMaxBase
            // Words on its lines that overlap it, give or take a column gap.
            bucket = page.index(minBase - intraLineSpace)
            while bucket <= page.index(maxBase + intraLineSpace) {
                page.removeAll(in: bucket) { word in
                    let candidate = words[word]
                    guard candidate.base >= minBase - intraLineSpace, candidate.base <= maxBase + intraLineSpace,
                          candidate.xMin < box.xMax + columnSpace1, candidate.xMax > box.xMin - columnSpace1,
                          abs(candidate.fontSize - size) < Parameter.sizeDeltaOverlapping * size else { return false }
                    add(word)
                    found = true
                    return true
                }
                bucket += 1
            }
            if found { continue }
            // Up to three outlying words to its left, then to its right: one a bucket.
            for side in [false, true] {
                func outlying(_ candidate: Word) -> Bool {
                    guard candidate.base >= minBase - intraLineSpace, candidate.base <= maxBase + intraLineSpace,
                          abs(candidate.fontSize - size) < Parameter.sizeDeltaOutlying * size else { return false }
                    return side ? candidate.xMin >= box.xMax && candidate.xMin < box.xMax + columnSpace2
                                : candidate.xMax <= box.xMin && candidate.xMax > box.xMin - columnSpace2
                }
                var count = 0
                bucket = page.index(minBase - intraLineSpace)
                while bucket <= page.index(maxBase + intraLineSpace) {
                    if page.words(in: bucket).contains(where: { outlying(words[$0]) }) { count += 1 }
                    bucket += 1
                }
                guard count > 0, count <= 3 else { continue }
                bucket = page.index(minBase - intraLineSpace)
                while bucket <= page.index(maxBase + intraLineSpace) {
                    if let word = page.removeFirst(in: bucket, where: { outlying(words[$0]) }) {
                        add(word)
                        let base = words[word].base
                        if base < minBase { minBase = base } else if base > maxBase { maxBase = base }
                        found = true
                    }
                    bucket += 1
                }
            }
        } while found
        return members
    }

    /// Whether two words of the block hold the same text at nearly the same place (fake bold,
    /// a drop shadow), which poppler drops before it builds the lines.
    /// Past this many pairs of words compared, a block counts as holding duplicates (a hostile
    /// page of words drawn at one place; the caller declines).
    static let maxDuplicateComparisons = 100_000

    private static func hasDuplicates(_ block: [Int], _ words: [Word], sameText: (Int, Int) -> Bool) -> Bool {
        let sorted = block.sorted { words[$0].xMin < words[$1].xMin }
        let largest = block.map { words[$0].fontSize }.max() ?? 0
        var comparisons = 0
        for (position, word) in sorted.enumerated() {
            for other in sorted[(position + 1)...] {
                let a = words[word], b = words[other]
                guard b.xMin - a.xMin < Parameter.duplicateAlong * largest else { break }
                comparisons += 1
                if comparisons > Self.maxDuplicateComparisons { return true }
                let along = Parameter.duplicateAlong * max(a.fontSize, b.fontSize), across = Parameter.duplicateAcross * max(a.fontSize, b.fontSize)
                if a.length == b.length, abs(a.xMax - b.xMax) < along, abs(a.yMin - b.yMin) < across, abs(a.yMax - b.yMax) < across,
                   sameText(word, other) { return true }
            }
        }
        return false
    }

    /// A block's lines (`TextBlock::coalesce`), each left to right.
    private static func lines(of pool: inout Pool, _ words: [Word]) -> [[Int]] {
        var result: [[Int]] = []
        var poolMinimum = pool.minIndex
        while true {
            while poolMinimum <= pool.maxIndex, pool.isEmpty(poolMinimum) { poolMinimum += 1 }
            guard poolMinimum <= pool.maxIndex else { break }
            let first = pool.takeFirst(pool.leftmostBucket(from: poolMinimum, words))
            var line = [first]
            var last = first
            let size = words[first].fontSize
            let minBase = words[first].base - Parameter.intraLine * size, maxBase = words[first].base + Parameter.intraLine * size
            let firstBucket = pool.index(minBase), lastBucket = pool.index(maxBase)
            while true {
                var best: (bucket: Int, word: Int)?
                var overlap = false
                var bucket = firstBucket
                while !overlap, bucket <= lastBucket {
                    // The bucket's first word on the line's base decides for the bucket.
                    if let word = pool.words(in: bucket).first(where: { words[$0].base >= minBase && words[$0].base <= maxBase }) {
                        let delta = words[word].xMin - words[last].xMax
                        if delta < Parameter.overlap * size {
                            overlap = true
                        } else if delta < Parameter.wordSpacing * size, best.map({ words[word].xMin < words[$0.word].xMin }) ?? true {
                            best = (bucket, word)
                        }
                    }
                    bucket += 1
                }
                guard !overlap, let best else { break }
                pool.remove(best.word, from: best.bucket)
                line.append(best.word)
                last = best.word
            }
            result.append(line)
        }
        return result
    }

    /// poppler's `TextPool`: words by 4-point base-line bucket, each bucket by left edge.
    private struct Pool {
        private var buckets: [Int: [Int]] = [:]
        private(set) var minIndex = 0
        private(set) var maxIndex = -1
        private var cursor: (word: Int, bucket: Int)?

        /// poppler's `getBaseIdx`: the bucket of a base line, held to the pool's range.
        func index(_ base: Double) -> Int {
            let value = base / Parameter.poolStep
            if value.isNaN || value < Double(minIndex) { return minIndex }
            if value > Double(maxIndex) { return maxIndex }
            return Int(value)
        }

        func isEmpty(_ bucket: Int) -> Bool { buckets[bucket]?.isEmpty ?? true }
        func words(in bucket: Int) -> [Int] { buckets[bucket] ?? [] }

        /// Of `from` and the three buckets after it, the one whose first word stands leftmost
        /// (the first such on a tie): poppler's guard against starting at a superscript.
        func leftmostBucket(from start: Int, _ words: [Word]) -> Int {
            var chosen = start
            for bucket in (start + 1)..<(start + 4) where bucket <= maxIndex {
                guard let first = buckets[bucket]?.first, let best = buckets[chosen]?.first else { continue }
                if words[first].xMin < words[best].xMin { chosen = bucket }
            }
            return chosen
        }

        /// `TextPool::addWord`: after the last word added when it is in the same bucket and not
        /// left of it, else from the bucket's start; before the first word not left of it.
        mutating func add(_ word: Int, _ words: [Word]) {
            let bucket = Int(words[word].base / Parameter.poolStep)
            if minIndex > maxIndex {
                minIndex = bucket - 128
                maxIndex = bucket + 128
            } else if bucket < minIndex {
                minIndex = bucket - 128
            } else if bucket > maxIndex {
                maxIndex = bucket + 128
            }
            var list = buckets[bucket] ?? []
            var position = 0
            if let cursor, cursor.bucket == bucket, words[word].xMin >= words[cursor.word].xMin,
               let at = list.firstIndex(of: cursor.word) {
                position = at + 1
            }
            while position < list.count, words[word].xMin > words[list[position]].xMin { position += 1 }
            list.insert(word, at: position)
            buckets[bucket] = list
            cursor = (word, bucket)
        }

        mutating func takeFirst(_ bucket: Int) -> Int {
            buckets[bucket]!.removeFirst()
        }

        mutating func remove(_ word: Int, from bucket: Int) {
            if let at = buckets[bucket]?.firstIndex(of: word) { buckets[bucket]!.remove(at: at) }
        }

        /// Removes, in bucket order, every word `take` accepts (it sees the block as it grows).
        mutating func removeAll(in bucket: Int, _ take: (Int) -> Bool) {
            guard var list = buckets[bucket], !list.isEmpty else { return }
            var position = 0
            while position < list.count {
                if take(list[position]) { list.remove(at: position) } else { position += 1 }
            }
            buckets[bucket] = list
        }

        /// Removes the bucket's first word `matches` accepts.
        mutating func removeFirst(in bucket: Int, where matches: (Int) -> Bool) -> Int? {
            guard let at = buckets[bucket]?.firstIndex(where: matches) else { return nil }
            return buckets[bucket]!.remove(at: at)
        }
    }
}
