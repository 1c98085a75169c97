/// The names a JSON or XML export uses (member names, element names), held against the keys a
/// mapping file declares. Such an export has no header row: its names are known only once
/// every record is read, so a mapping key that matches nothing is told at the end of the file
/// — still before any report is made — by the same rule and message as a CSV header row.
struct MappingKeyTally {
    private let mapping: ExportMapping
    /// Declared keys (normalised) that no record has used yet; when empty, nothing is tallied.
    private var unseen: Set<String>
    /// Names the export used, for "nearest" in the message; bounded against hostile exports.
    private var names: Set<String> = []
    static let maximumNames = 1_000

    init(mapping: ExportMapping) {
        self.mapping = mapping
        unseen = Set(mapping.unmatchedHeaders(among: []).map(ExportMapping.normalized))
    }

    mutating func saw(_ name: String) {
        guard !unseen.isEmpty else { return }
        if names.count < Self.maximumNames { names.insert(name) }
        unseen.remove(ExportMapping.normalized(name))
    }

    /// The declared keys that no record used, each with the export's nearest names; nil when all matched.
    var misses: [UnmatchedMappingKey]? {
        guard !unseen.isEmpty else { return nil }
        let used = names.sorted()
        return mapping.unmatchedHeaders(among: []).filter { unseen.contains(ExportMapping.normalized($0)) }
            .map { UnmatchedMappingKey(key: $0, nearest: UnmatchedMappingKey.nearestHeaders(to: $0, among: used)) }
    }
}
