/// One posting of an export: its rows grouped, wherever they stood in the file.
public struct ExportPosting: Sendable, Hashable {
    public var postingNumber: String
    /// The physical line of its first row.
    public var firstLine: Int
    /// How many rows (records) it was read from, malformed ones included.
    public var rowCount: Int
    /// Posting-level values (order number, status, invoice columns, ...); "" when absent.
    public var values: [ExportColumn: String]
    /// The order lines, one per row; empty for postings that need no invoice.
    public var lines: [ExportLine]
    /// Findings made while reading: `DUPLICATE_POSTING`, `ROW_MALFORMED`.
    public var readingFindings: [Finding]
    /// False when the status needs no invoice (`awaiting_payment`, `cancelled`, `--skip-status`).
    public var needsInvoice: Bool

    public subscript(column: ExportColumn) -> String { values[column] ?? "" }

    /// The canonical status (after the mapping's status table).
    public var status: String { self[.status] }
}

/// One order line of a posting (one export row).
public struct ExportLine: Sendable, Hashable {
    public var line: Int
    public var sku: String
    public var offerId: String
    public var productName: String
    public var quantity: String
    public var unitPrice: String
    public var vatRate: String
    public var hsCode: String
    public var originCountry: String

    init(_ record: ExportRecord) {
        line = record.line
        sku = record[.sku]
        offerId = record[.offerId]
        productName = record[.productName]
        quantity = record[.quantity]
        unitPrice = record[.unitPrice]
        vatRate = record[.vatRate]
        hsCode = record[.hsCode]
        originCountry = record[.originCountry]
    }
}

/// Statuses that need no invoice (SPEC §3: unpaid and cancelled postings).
public enum PostingStatusPolicy {
    public static let defaultSkipped: Set<String> = ["awaiting_payment", "cancelled"]
}

/// Groups rows into postings in first-seen order.
///
/// Memory per posting is kept small: rows' raw text is never held, and a posting whose
/// status needs no invoice keeps only a digest of its posting-level columns (enough to
/// notice rows that disagree), not its lines, so a million-row export of unpaid orders
/// fits in a few tens of megabytes.
struct PostingGrouper {
    private let skipStatuses: Set<String>
    private let mapping: ExportMapping
    private var indexByNumber: [String: Int] = [:]
    private var groups: [Group] = []
    private var unattributed: [MalformedRow] = []
    /// Interned status strings, so thousands of postings share one copy.
    private var statusTable: [String: String] = [:]
    private(set) var records = 0
    private(set) var malformedRows = 0

    private static let postingColumns = ExportColumn.postingLevel
    private static let statusSlot = postingColumns.firstIndex(of: .status)!

    private struct Group {
        var number: String
        var firstLine: Int
        var rows: Int
        var status: String
        /// Digest mode (status needs no invoice at the first row): per-column hashes.
        var digest: PostingDigest?
        /// Full mode: posting-level values in `postingColumns` order.
        var values: [String]
        var lines: [ExportLine]
        var findings: [Finding]
        var conflictingColumns: Set<Int>
    }

    init(skipStatuses: Set<String>, mapping: ExportMapping) {
        self.skipStatuses = skipStatuses
        self.mapping = mapping
    }

    mutating func add(_ item: ExportItem) {
        records += 1
        switch item {
        case .malformed(let row):
            malformedRows += 1
            unattributed.append(row)
        case .record(let record):
            add(record)
        }
    }

    private mutating func intern(_ status: String) -> String {
        if let known = statusTable[status] { return known }
        statusTable[status] = status
        return status
    }

    private mutating func add(_ record: ExportRecord) {
        let number = record[.postingNumber]
        guard !number.isEmpty else {
            malformedRows += 1
            unattributed.append(MalformedRow(line: record.line, reason: "the row has no posting_number"))
            return
        }
        var values = Self.postingColumns.map { record[$0] }
        values[Self.statusSlot] = values[Self.statusSlot].isEmpty ? "" : intern(mapping.status(values[Self.statusSlot]))
        guard let index = indexByNumber[number] else {
            indexByNumber[number] = groups.count
            let status = values[Self.statusSlot]
            if skipStatuses.contains(status) {
                groups.append(Group(number: number, firstLine: record.line, rows: 1, status: status,
                                    digest: PostingDigest(values), values: [], lines: [], findings: [], conflictingColumns: []))
            } else {
                groups.append(Group(number: number, firstLine: record.line, rows: 1, status: status, digest: nil,
                                    values: values, lines: [ExportLine(record)], findings: [], conflictingColumns: []))
            }
            return
        }
        groups[index].rows += 1
        if var digest = groups[index].digest {
            let incoming = PostingDigest(values)
            for slot in 0..<Self.postingColumns.count {
                let have = digest[slot], new = incoming[slot]
                if new == 0 { continue }
                if have == 0 { digest[slot] = new; continue }
                if have != new { conflict(index, slot: slot, line: record.line, value: values[slot], earlier: nil) }
            }
            groups[index].digest = digest
            return
        }
        for slot in 0..<Self.postingColumns.count where !values[slot].isEmpty {
            let have = groups[index].values[slot]
            if have.isEmpty {
                groups[index].values[slot] = values[slot]
            } else if have != values[slot] {
                conflict(index, slot: slot, line: record.line, value: values[slot], earlier: have)
            }
        }
        groups[index].lines.append(ExportLine(record))
    }

    private mutating func conflict(_ index: Int, slot: Int, line: Int, value: String, earlier: String?) {
        guard groups[index].conflictingColumns.insert(slot).inserted else { return }
        let column = Self.postingColumns[slot].rawValue
        let was = earlier.map { " (earlier rows: \"\($0)\")" } ?? " (earlier rows differ)"
        groups[index].findings.append(Finding(
            code: .duplicatePosting, field: "line \(line)",
            message: "posting \(groups[index].number) appears again with \(column) \"\(value)\"\(was); "
                + "rows of one posting must agree on its posting-level columns"))
    }

    /// The postings in first-seen order, and the malformed rows no posting could claim.
    mutating func finish() -> (postings: [ExportPosting], unattributed: [MalformedRow]) {
        var rest: [MalformedRow] = []
        for row in unattributed {
            if let number = row.postingNumber, let index = indexByNumber[number] {
                groups[index].rows += 1
                groups[index].findings.append(Self.finding(row))
            } else {
                rest.append(row)
            }
        }
        let postings = groups.map { group -> ExportPosting in
            var values: [ExportColumn: String] = [:]
            if group.digest != nil {
                values[.status] = group.status
            } else {
                for (slot, column) in Self.postingColumns.enumerated() where !group.values[slot].isEmpty {
                    values[column] = group.values[slot]
                }
            }
            let status = values[.status] ?? ""
            return ExportPosting(postingNumber: group.number, firstLine: group.firstLine, rowCount: group.rows,
                                 values: values, lines: group.lines,
                                 readingFindings: group.findings.sorted { Self.lineOf($0) < Self.lineOf($1) },
                                 needsInvoice: !skipStatuses.contains(status))
        }
        groups = []
        indexByNumber = [:]
        return (postings, rest)
    }

    static func finding(_ row: MalformedRow) -> Finding {
        Finding(code: .rowMalformed, field: "line \(row.line)", message: row.reason)
    }

    private static func lineOf(_ finding: Finding) -> Int {
        Int(finding.field?.split(separator: " ").last ?? "") ?? 0
    }
}

/// 32-bit hashes of a posting's posting-level values, 0 for an empty value: enough to tell
/// whether two rows disagree (a miss needs a 1 in 4 billion collision) in 48 bytes.
struct PostingDigest: Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

    init(_ values: [String]) {
        precondition(values.count <= 12)
        for (slot, value) in values.enumerated() where !value.isEmpty {
            var hasher = Hasher()
            hasher.combine(value)
            let hash = UInt32(truncatingIfNeeded: hasher.finalize())
            self[slot] = hash == 0 ? 1 : hash
        }
    }

    static func == (a: PostingDigest, b: PostingDigest) -> Bool {
        a.words == b.words
    }

    subscript(slot: Int) -> UInt32 {
        get {
            let word = withUnsafeBytes(of: words) { $0.load(fromByteOffset: (slot / 2) * 8, as: UInt64.self) }
            return UInt32(truncatingIfNeeded: slot % 2 == 0 ? word : word >> 32)
        }
        set {
            withUnsafeMutableBytes(of: &words) { raw in
                var word = raw.load(fromByteOffset: (slot / 2) * 8, as: UInt64.self)
                if slot % 2 == 0 {
                    word = (word & 0xFFFF_FFFF_0000_0000) | UInt64(newValue)
                } else {
                    word = (word & 0x0000_0000_FFFF_FFFF) | (UInt64(newValue) << 32)
                }
                raw.storeBytes(of: word, toByteOffset: (slot / 2) * 8, as: UInt64.self)
            }
        }
    }
}
