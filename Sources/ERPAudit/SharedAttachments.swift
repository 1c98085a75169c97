import Crypto
import Findings

/// Which checked postings' attachments are the same file (same real path, or same content), for
/// `ATTACHMENT_DUPLICATE`, in a few bytes per posting whatever the export's size.
///
/// Whether a file serves several postings is known only once all are checked, so something of
/// every attached file is kept until the end. Paths and hex digests cost a couple of hundred bytes
/// a posting (200 MB at a million); here each file is kept as 128 bits of the SHA-256 of its path
/// and 128 bits of the SHA-256 of its content, with its posting's index: 48 bytes. Two different
/// paths or contents agree on 128 bits of SHA-256 with a chance far below that of a disk error,
/// so a shared key is taken as a shared file.
///
/// A finding names the first five other postings (by index here; their numbers are read from the
/// report's log by the caller) and counts the rest.
struct SharedAttachments {
    /// How many other postings a finding names; the rest are counted.
    static let namedOthers = 5

    private struct Key: Hashable, Comparable {
        var high: UInt64
        var low: UInt64
        static func < (a: Key, b: Key) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }

    private struct Attached {
        var key: Key
        var index: Int32
    }

    /// Each attached file's path key and content key with its posting's index, in export order.
    private var paths: [Attached] = []
    private var contents: [Attached] = []

    /// A group of postings sharing one file: how many, and the first of them (export order).
    private struct Group {
        var size: Int
        var first: [Int32]
    }

    private var groups: [Group] = []
    /// Per posting index in a group: its path group and content group (-1: none).
    private var membership: [Int32: (path: Int32, content: Int32)] = [:]
    /// Postings in both a path group and a different content group, by that pair: to count the
    /// union's size exactly.
    private var pairCounts: [Pair: Int] = [:]

    private struct Pair: Hashable {
        var path: Int32
        var content: Int32
    }

    init() {}

    /// Records posting `index`'s attachment (postings are recorded in export order).
    mutating func record(index: Int, path: String?, sha256: String?) {
        if let path { paths.append(Attached(key: Self.key(path: path), index: Int32(index))) }
        if let key = sha256.flatMap(Self.key(hex:)) { contents.append(Attached(key: key, index: Int32(index))) }
    }

    /// Forgets what was recorded for postings `indices` (checked again, to be recorded anew).
    mutating func forget(_ indices: Set<Int>) {
        guard !indices.isEmpty else { return }
        paths.removeAll { indices.contains(Int($0.index)) }
        contents.removeAll { indices.contains(Int($0.index)) }
    }

    /// Ends the recording: finds the groups. Returns the posting indices whose findings need
    /// other postings' numbers (the first ones of each group), so the caller reads only those.
    mutating func findGroups() -> Set<Int32> {
        let byPath = Self.groups(&paths)
        paths = []
        let byContent = Self.groups(&contents)
        contents = []
        var wanted: Set<Int32> = []
        for (group, members) in byPath.enumerated() {
            for index in members.all { membership[index, default: (-1, -1)].path = Int32(group) }
            wanted.formUnion(members.first)
            groups.append(Group(size: members.all.count, first: members.first))
        }
        let offset = groups.count
        for (group, members) in byContent.enumerated() {
            for index in members.all { membership[index, default: (-1, -1)].content = Int32(offset + group) }
            wanted.formUnion(members.first)
            groups.append(Group(size: members.all.count, first: members.first))
        }
        for (_, groups) in membership where groups.path >= 0 && groups.content >= 0 {
            pairCounts[Pair(path: groups.path, content: groups.content), default: 0] += 1
        }
        return wanted
    }

    /// The groups of postings sharing a key (sorted, so memory is the keys' and not a dictionary's).
    private static func groups(_ sorted: inout [Attached]) -> [(all: [Int32], first: [Int32])] {
        sorted.sort { ($0.key, $0.index) < ($1.key, $1.index) }
        var found: [(all: [Int32], first: [Int32])] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, sorted[end].key == sorted[start].key { end += 1 }
            if end - start > 1 {
                let members = sorted[start..<end].map { $0.index }
                found.append((members, Array(members.prefix(Self.namedOthers + 1))))
            }
            start = end
        }
        return found
    }

    /// `ATTACHMENT_DUPLICATE` for posting `index`, or nil when its file serves it alone;
    /// `name` gives a posting's number from its index (one of those ``findGroups()`` returned).
    func finding(index: Int, name: (Int32) -> String) -> Finding? {
        guard let groupsOf = membership[Int32(index)] else { return nil }
        let me = Int32(index)
        let mine = [groupsOf.path, groupsOf.content].filter { $0 >= 0 }
        let count: Int
        if mine.count == 2, mine[0] != mine[1] {
            let both = pairCounts[Pair(path: mine[0], content: mine[1])] ?? 0
            count = groups[Int(mine[0])].size + groups[Int(mine[1])].size - both - 1
        } else {
            count = groups[Int(mine[0])].size - 1
        }
        // The first others of the union are among the first of each group.
        let firstOthers = Set(mine.flatMap { groups[Int($0)].first }).subtracting([me]).sorted().prefix(Self.namedOthers)
        let names = firstOthers.map(name)
        let more: MessageArgument = count > Self.namedOthers ? .key("duplicate.more", ["count": .data(String(count - Self.namedOthers))]) : .data("")
        return Finding(
            code: .attachmentDuplicate, field: ExportColumn.invoiceFile.rawValue, key: count == 1 ? "duplicate.one" : "duplicate.many",
            ["postings": .list(names.map(MessageArgument.data)), "more": more])
    }

    private static func key(path: String) -> Key {
        let digest = Array(SHA256.hash(data: Array(path.utf8)))
        return key(digest)
    }

    /// The first 128 bits of a hex SHA-256.
    private static func key(hex: String) -> Key? {
        let utf8 = Array(hex.utf8)
        guard utf8.count >= 32 else { return nil }
        guard let high = UInt64(String(decoding: utf8[0..<16], as: UTF8.self), radix: 16),
              let low = UInt64(String(decoding: utf8[16..<32], as: UTF8.self), radix: 16) else { return nil }
        return Key(high: high, low: low)
    }

    private static func key(_ bytes: [UInt8]) -> Key {
        var high: UInt64 = 0, low: UInt64 = 0
        for at in 0..<8 { high = high << 8 | UInt64(bytes[at]) }
        for at in 8..<16 { low = low << 8 | UInt64(bytes[at]) }
        return Key(high: high, low: low)
    }
}
