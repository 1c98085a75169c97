import InvoiceModel

/// One posting of an export: its rows grouped, wherever they stood in the file.
public struct ExportPosting: Sendable, Hashable {
    public var postingNumber: String
    /// The physical line of its first row.
    public var firstLine: Int
    /// How many rows (records) it was read from, malformed ones included.
    public var rowCount: Int
    /// The canonical status (after the mapping's status table).
    public var status: String
    /// Posting-level values (order number, invoice columns, ...); "" when absent. Empty for
    /// postings that need no invoice: their data is not checked, so it is not kept.
    public var values: [ExportColumn: String]
    /// The order lines, one per row; empty for postings that need no invoice.
    public var lines: [ExportLine]
    /// Findings made while reading: `DUPLICATE_POSTING`, `ROW_MALFORMED`.
    public var readingFindings: [Finding]
    /// False when the status needs no invoice (`awaiting_payment`, `cancelled`, `--skip-status`).
    public var needsInvoice: Bool

    public subscript(column: ExportColumn) -> String { values[column] ?? "" }
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

/// Statuses that need no invoice (docs/legal-basis.md: unpaid and cancelled postings).
public enum PostingStatusPolicy {
    public static let defaultSkipped: Set<String> = OzonLimits.statusesWithoutInvoice
}

/// Groups rows into postings in first-seen order.
///
/// Memory per posting is kept small: rows' raw text is never held, and a posting whose
/// status needs no invoice keeps only a digest of its posting-level columns (enough to
/// notice rows that disagree), not its lines: about 100 bytes a posting, so a million-row
/// export of unpaid orders fits in well under 200 MB.
struct PostingGrouper {
    private let skipStatuses: Set<String>
    private let mapping: ExportMapping
    private var indexByNumber: [String: Int] = [:]
    private var groups: [Group] = []
    /// Full data of postings that need an invoice (by `Group.full`).
    private var fullGroups: [FullGroup] = []
    /// Findings made while grouping, by group index (rare, so kept aside).
    private var findings: [Int: [Finding]] = [:]
    private var conflicting: [Int: Set<Int>] = [:]
    private var unattributed: [MalformedRow] = []
    /// Canonical statuses by id, and the id of each raw status text seen (mapping applied once).
    private var statuses: [String] = [""]
    private var statusIDByRaw: [String: Int32] = ["": 0]
    /// Status ids whose value neither the mapping nor Ozon's list knows (`STATUS_UNKNOWN`).
    private var unknownStatusIDs: Set<Int32> = []
    private(set) var records = 0
    private(set) var malformedRows = 0

    private static let postingColumns = ExportColumn.postingLevel
    private static let statusSlot = postingColumns.firstIndex(of: .status)!

    private struct Group {
        var number: String
        var firstLine: Int32
        var rows: Int32
        var status: Int32
        /// Index into `fullGroups`, or -1 for a posting kept as a digest.
        var full: Int32
        var digest: PostingDigest
    }

    private struct FullGroup {
        /// Non-empty posting-level values by slot of `postingColumns` (the status canonical): most
        /// of the twenty are empty in a real export, so they are kept sparse.
        var filled: [(slot: Int8, value: String)]
        var lines: [ExportLine]

        init(values: [String], lines: [ExportLine]) {
            filled = values.enumerated().compactMap { $0.element.isEmpty ? nil : (Int8($0.offset), $0.element) }
            self.lines = lines
        }

        subscript(slot: Int) -> String {
            get { filled.first { $0.slot == slot }?.value ?? "" }
            set {
                if let at = filled.firstIndex(where: { $0.slot == slot }) { filled[at].value = newValue } else { filled.append((Int8(slot), newValue)) }
            }
        }
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

    private mutating func statusID(_ raw: String) -> Int32 {
        if let id = statusIDByRaw[raw] { return id }
        let canonical = mapping.status(raw)
        let id: Int32
        if let existing = statuses.firstIndex(of: canonical) {
            id = Int32(existing)
        } else {
            id = Int32(statuses.count)
            statuses.append(canonical)
        }
        if !raw.isEmpty, !mapping.knowsStatus(raw), !skipStatuses.contains(canonical) { unknownStatusIDs.insert(id) }
        // A hostile export with endless distinct statuses must not grow this without bound.
        if statusIDByRaw.count < 10_000 { statusIDByRaw[raw] = id }
        return id
    }

    private mutating func add(_ record: ExportRecord) {
        let number = record[.postingNumber]
        guard !number.isEmpty else {
            malformedRows += 1
            unattributed.append(MalformedRow(line: record.line, reason: "the row has no posting_number"))
            return
        }
        let status = statusID(record[.status])
        let canonicalStatus = statuses[Int(status)]
        let line = Int32(clamping: record.line)
        guard let index = indexByNumber[number] else {
            indexByNumber[number] = groups.count
            if unknownStatusIDs.contains(status) {
                findings[groups.count, default: []].append(Finding(
                    code: .statusUnknown, field: "line \(record.line)",
                    message: "status \"\(ExportTextDecoder.printable(record[.status]))\" is not an Ozon posting status and the mapping does not map it; "
                        + "audited as needing an invoice (map it under `statuses` in the mapping)"))
            }
            if skipStatuses.contains(canonicalStatus) {
                groups.append(Group(number: number, firstLine: line, rows: 1, status: status, full: -1,
                                    digest: PostingDigest(record, status: canonicalStatus)))
            } else {
                var values = Self.postingColumns.map { record[$0] }
                values[Self.statusSlot] = canonicalStatus
                groups.append(Group(number: number, firstLine: line, rows: 1, status: status,
                                    full: Int32(fullGroups.count), digest: PostingDigest()))
                fullGroups.append(FullGroup(values: values, lines: [ExportLine(record)]))
            }
            return
        }
        groups[index].rows += 1
        let full = Int(groups[index].full)
        guard full >= 0 else {
            var digest = groups[index].digest
            let incoming = PostingDigest(record, status: canonicalStatus)
            if incoming != digest {
                for slot in 0..<Self.postingColumns.count {
                    let have = digest[slot], new = incoming[slot]
                    if new == 0 { continue }
                    if have == 0 { digest[slot] = new; continue }
                    if have != new {
                        let value = slot == Self.statusSlot ? canonicalStatus : record[Self.postingColumns[slot]]
                        conflict(index, slot: slot, line: record.line, value: value, earlier: nil)
                    }
                }
                groups[index].digest = digest
            }
            return
        }
        var values = Self.postingColumns.map { record[$0] }
        values[Self.statusSlot] = canonicalStatus
        for slot in 0..<Self.postingColumns.count where !values[slot].isEmpty {
            let have = fullGroups[full][slot]
            if have.isEmpty {
                fullGroups[full][slot] = values[slot]
            } else if have != values[slot] {
                conflict(index, slot: slot, line: record.line, value: values[slot], earlier: have)
            }
        }
        fullGroups[full].lines.append(ExportLine(record))
    }

    private mutating func conflict(_ index: Int, slot: Int, line: Int, value: String, earlier: String?) {
        guard conflicting[index, default: []].insert(slot).inserted else { return }
        let column = Self.postingColumns[slot].rawValue
        let was = earlier.map { " (earlier rows: \"\($0)\")" } ?? " (earlier rows differ)"
        findings[index, default: []].append(Finding(
            code: .duplicatePosting, field: "line \(line)",
            message: "posting \(groups[index].number) appears again with \(column) \"\(value)\"\(was); "
                + "rows of one posting must agree on its posting-level columns"))
    }

    /// Ends the reading: malformed rows go to their postings where a posting number was read;
    /// returns the rows no posting could claim. The postings are then taken one by one, in
    /// first-seen order, with ``takePosting(_:)``.
    mutating func finishReading() -> [MalformedRow] {
        var rest: [MalformedRow] = []
        for row in unattributed {
            if let number = row.postingNumber, let index = indexByNumber[number] {
                groups[index].rows += 1
                findings[index, default: []].append(Self.finding(row))
            } else {
                rest.append(row)
            }
        }
        unattributed = []
        indexByNumber = [:]
        return rest
    }

    /// How many postings were found.
    var postingCount: Int { groups.count }

    /// How many of them need an invoice (and so are checked).
    var checkedCount: Int { fullGroups.count }

    /// Posting `index` (first-seen order) with all its data; its rows are let go here, so that
    /// postings taken and checked one after the other never all sit in memory at once.
    mutating func takePosting(_ index: Int) -> ExportPosting {
        let group = groups[index]
        let status = statuses[Int(group.status)]
        var values: [ExportColumn: String] = [:]
        var lines: [ExportLine] = []
        if group.full >= 0 {
            let full = fullGroups[Int(group.full)]
            fullGroups[Int(group.full)] = FullGroup(values: [], lines: [])
            for (slot, value) in full.filled where !value.isEmpty {
                values[Self.postingColumns[Int(slot)]] = value
            }
            lines = full.lines
        }
        return ExportPosting(
            postingNumber: group.number, firstLine: Int(group.firstLine), rowCount: Int(group.rows), status: status,
            values: values, lines: lines,
            readingFindings: (findings.removeValue(forKey: index) ?? []).sorted { Self.lineOf($0) < Self.lineOf($1) },
            needsInvoice: !skipStatuses.contains(status))
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

    init() {}

    /// The digest of a row's posting-level columns, with the status already made canonical.
    init(_ record: ExportRecord, status: String) {
        for (slot, column) in ExportColumn.postingLevel.enumerated() {
            let value = column == .status ? status : record.values[column.index]
            guard !value.isEmpty else { continue }
            // FNV-1a: the digest only compares rows of one posting within one run, so a fast
            // unseeded hash does; SipHash's per-value seeding cost a third of the grouping time.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in value.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            let folded = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
            self[slot] = folded == 0 ? 1 : folded
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
