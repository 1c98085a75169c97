/// A mapping key that matches no header of the export, with the export's headers nearest to it
/// (by edit distance), so a typo or an ERP's renamed column is plain to see.
public struct UnmatchedMappingKey: Sendable, Hashable {
    public var key: String
    public var nearest: [String]

    public init(key: String, nearest: [String]) {
        self.key = key
        self.nearest = nearest
    }

    /// The keys of `mapping` that none of `headers` matches; nil when every key matches.
    static func check(_ mapping: ExportMapping, headers: [String]) -> [UnmatchedMappingKey]? {
        let misses = mapping.unmatchedHeaders(among: headers)
        guard !misses.isEmpty else { return nil }
        return misses.map { UnmatchedMappingKey(key: $0, nearest: nearestHeaders(to: $0, among: headers)) }
    }

    /// Up to three headers closest to `key`, closest first.
    static func nearestHeaders(to key: String, among headers: [String]) -> [String] {
        let target = Array(key.lowercased())
        let ranked = headers.filter { !$0.isEmpty }.map { header -> (String, Int) in
            (header, editDistance(target, Array(header.lowercased())))
        }
        return ranked.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .filter { $0.1 <= max(2, target.count) }
            .prefix(3).map(\.0)
    }

    /// Levenshtein distance over characters (headers are short: the quadratic table is tiny).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
