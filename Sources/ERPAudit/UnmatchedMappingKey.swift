import InvoiceModel

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

    /// Up to three headers closest to `key`, closest first (edit distance ignoring case,
    /// ``InvoiceModel/NearestName/distance(_:_:)``).
    static func nearestHeaders(to key: String, among headers: [String]) -> [String] {
        let ranked = headers.filter { !$0.isEmpty }.map { header -> (String, Int) in
            (header, NearestName.distance(key, header))
        }
        return ranked.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .filter { $0.1 <= max(2, key.count) }
            .prefix(3).map(\.0)
    }
}
