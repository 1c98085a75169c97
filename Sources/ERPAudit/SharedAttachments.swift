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
///
/// The posting a shared file belongs to is not at fault: when exactly one posting of a group has
/// a file that names it (the embedded invoice's posting number, or the number in the PDF's text),
/// the file is that posting's invoice, copied or pointed to by the others. It gets no finding;
/// the others' findings name it. When none or several are named, every posting of the group has
/// the finding, as no file can be told to be whose.
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
        /// The file names this posting (it is its invoice).
        var names: Bool
    }

    /// Each attached file's path key and content key with its posting's index, in export order.
    private var paths: [Attached] = []
    private var contents: [Attached] = []

    /// A group of postings sharing one file: how many, and the first of them (export order).
    private struct Group {
        var size: Int
        var first: [Int32]
        /// The one posting the file names, if exactly one of the group's is.
        var owner: Int32?
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
    /// `namesPosting`: the file names this posting as its own (see the type's comment).
    mutating func record(index: Int, path: String?, sha256: String?, namesPosting: Bool = false) {
        if let path { paths.append(Attached(key: Self.key(path: path), index: Int32(index), names: namesPosting)) }
        if let key = sha256.flatMap(Self.key(hex:)) {
            contents.append(Attached(key: key, index: Int32(index), names: namesPosting))
        }
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
            if let owner = members.owner { wanted.insert(owner) }
            groups.append(Group(size: members.all.count, first: members.first, owner: members.owner))
        }
        let offset = groups.count
        for (group, members) in byContent.enumerated() {
            for index in members.all { membership[index, default: (-1, -1)].content = Int32(offset + group) }
            wanted.formUnion(members.first)
            if let owner = members.owner { wanted.insert(owner) }
            groups.append(Group(size: members.all.count, first: members.first, owner: members.owner))
        }
        for (_, groups) in membership where groups.path >= 0 && groups.content >= 0 {
            pairCounts[Pair(path: groups.path, content: groups.content), default: 0] += 1
        }
        return wanted
    }

    /// The groups of postings sharing a key (sorted, so memory is the keys' and not a dictionary's).
    private static func groups(_ sorted: inout [Attached]) -> [(all: [Int32], first: [Int32], owner: Int32?)] {
        sorted.sort { ($0.key, $0.index) < ($1.key, $1.index) }
        var found: [(all: [Int32], first: [Int32], owner: Int32?)] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, sorted[end].key == sorted[start].key { end += 1 }
            if end - start > 1 {
                let members = sorted[start..<end].map { $0.index }
                let named = sorted[start..<end].filter(\.names)
                // Enough to name five others besides the posting itself and the file's own.
                found.append((members, Array(members.prefix(Self.namedOthers + 2)), named.count == 1 ? named[0].index : nil))
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
        let owners = Set(mine.map { groups[Int($0)].owner })
        // The file's own posting: the others copied or pointed to its invoice.
        if owners == [me] { return nil }
        let owner = owners.count == 1 ? owners.first! : nil
        // The first others of the union are among the first of each group.
        let excluded: Set<Int32> = owner.map { [me, $0] } ?? [me]
        let others = count - (owner == nil ? 0 : 1)
        let firstOthers = Set(mine.flatMap { groups[Int($0)].first }).subtracting(excluded).sorted().prefix(Self.namedOthers)
        let names = firstOthers.map(name)
        let more: MessageArgument = others > names.count
            ? .key("duplicate.more", ["count": .data(String(others - names.count))]) : .data("")
        var arguments: [String: MessageArgument] = ["postings": .list(names.map(MessageArgument.data)), "more": more]
        let key: String
        if let owner, others == 0 {
            key = "duplicate.owner"
            arguments = ["owner": .data(name(owner))]
        } else if let owner {
            arguments["owner"] = .data(name(owner))
            key = others == 1 ? "duplicate.ownerAndOne" : "duplicate.ownerAndMany"
        } else {
            key = others == 1 ? "duplicate.one" : "duplicate.many"
        }
        return Finding(code: .attachmentDuplicate, field: .column(.invoiceFile), key: key, arguments)
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
