/// Groups rows into postings in first-seen order, wherever a posting's rows stand in the export.
///
/// A posting's rows need not be adjacent, so no posting is known whole before the last row is
/// read. Rather than holding every posting's rows until then, the reading pass keeps, per
/// posting, only its number's id, and per row 16 bytes (its posting's id, where it is spooled);
/// the rows themselves (their mapped columns only, compactly) go to a ``TemporarySpool``. The
/// postings are then rebuilt one at a time from their spooled rows, in first-seen order, so the
/// memory held is one posting's, whatever the export's size or share of failed postings. In
/// the usual export, whose rows of a posting are adjacent, the spool is read straight through.
struct PostingGrouper {
    private let skipStatuses: Set<String>
    private let mapping: ExportMapping
    /// Posting ids (first-seen order) by posting number, while reading.
    private var idByNumber: [String: Int32] = [:]
    /// Each row's posting and place in the spool; sorted by posting when reading ends.
    private var rows: [SpooledRow] = []
    private let spool = TemporarySpool(purpose: "rows")
    private var scratch: [UInt8] = []
    /// Rows of the spool read in one piece, from `windowStart`.
    private var window: [UInt8] = []
    private var windowStart = 0
    /// The next entry of `rows` to take.
    private var nextRow = 0
    /// `ROW_MALFORMED` findings of malformed rows that named a known posting, by posting id.
    private var malformedFindings: [Int: [Finding]] = [:]
    private var unattributed: [MalformedRow] = []
    /// Canonical statuses by id, and the id of each raw status text seen (mapping applied once).
    private var statuses: [String] = [""]
    private var statusIDByRaw: [String: Int32] = ["": 0]
    /// Status ids whose value neither the mapping nor Ozon's list knows (`STATUS_UNKNOWN`).
    private var unknownStatusIDs: Set<Int32> = []
    private(set) var records = 0
    private(set) var malformedRows = 0
    /// How many postings were found.
    private(set) var postingCount = 0
    /// How many of them need an invoice (and so are checked).
    private(set) var checkedCount = 0

    private static let postingColumns = ExportColumn.postingLevel
    private static let statusSlot = postingColumns.firstIndex(of: .status)!
    private static let columnCount = ExportColumn.allCases.count

    private struct SpooledRow {
        var offset: Int
        var posting: Int32
    }

    init(skipStatuses: Set<String>, mapping: ExportMapping) {
        self.skipStatuses = skipStatuses
        self.mapping = mapping
    }

    /// Takes one item of the export.
    /// - Throws: when the row cannot be spooled (no room for the temporary file).
    mutating func add(_ item: ExportItem) throws(TemporaryFileError) {
        records += 1
        switch item {
        case .malformed(let row):
            malformedRows += 1
            unattributed.append(row)
        case .record(let record):
            try add(record)
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

    private mutating func add(_ record: ExportRecord) throws(TemporaryFileError) {
        let number = record[.postingNumber]
        guard !number.isEmpty else {
            malformedRows += 1
            unattributed.append(MalformedRow(line: record.line, reason: "the row has no posting_number"))
            return
        }
        let id: Int32
        if let known = idByNumber[number] {
            id = known
        } else {
            id = Int32(postingCount)
            idByNumber[number] = id
            postingCount += 1
            if !skipStatuses.contains(statuses[Int(statusID(record[.status]))]) { checkedCount += 1 }
        }
        scratch.removeAll(keepingCapacity: true)
        Self.encode(record, into: &scratch)
        let offset = try spool.append(scratch)
        rows.append(SpooledRow(offset: offset, posting: id))
    }

    /// Ends the reading: malformed rows go to their postings where a posting number was read;
    /// returns the rows no posting could claim. The postings are then taken one by one, in
    /// first-seen order, with ``takePosting(_:)``.
    mutating func finishReading() -> [MalformedRow] {
        var rest: [MalformedRow] = []
        for row in unattributed {
            if let number = row.postingNumber, let id = idByNumber[number] {
                malformedFindings[Int(id), default: []].append(Self.finding(row))
            } else {
                rest.append(row)
            }
        }
        unattributed = []
        idByNumber = [:]
        // Ids are given in first-seen order and offsets grow with the file, so an export whose
        // postings' rows are adjacent is sorted already.
        if zip(rows, rows.dropFirst()).contains(where: { pair in pair.0.posting > pair.1.posting }) {
            rows.sort { ($0.posting, $0.offset) < ($1.posting, $1.offset) }
        }
        return rest
    }

    /// Posting `index` (first-seen order) with all its data, rebuilt from its spooled rows.
    /// Postings are taken in order, each once.
    /// - Throws: when the spool cannot be read back.
    mutating func takePosting(_ index: Int) throws(TemporaryFileError) -> ExportPosting {
        precondition(nextRow < rows.count && rows[nextRow].posting == Int32(index), "postings are taken in first-seen order")
        let first = try row(at: rows[nextRow].offset)
        nextRow += 1
        let status = statuses[Int(statusID(first[.status]))]
        let needsInvoice = !skipStatuses.contains(status)
        var findings: [Finding] = []
        if unknownStatusIDs.contains(statusID(first[.status])) {
            findings.append(Finding(
                code: .statusUnknown, field: "line \(first.line)",
                message: "status \"\(ExportTextDecoder.printable(first[.status]))\" is not an Ozon posting status and the mapping does not map it; "
                    + "audited as needing an invoice (map it under `statuses` in the mapping)"))
        }
        var values = postingValues(first, status: status)
        var lines = needsInvoice ? [ExportLine(first)] : []
        var rowCount = 1
        var conflicting: Set<Int> = []
        while nextRow < rows.count, rows[nextRow].posting == Int32(index) {
            let record = try row(at: rows[nextRow].offset)
            nextRow += 1
            rowCount += 1
            let incoming = postingValues(record, status: statuses[Int(statusID(record[.status]))])
            for slot in 0..<Self.postingColumns.count where !incoming[slot].isEmpty {
                if values[slot].isEmpty {
                    values[slot] = incoming[slot]
                } else if values[slot] != incoming[slot], conflicting.insert(slot).inserted {
                    // A posting that needs no invoice is not checked, so its earlier value is not named.
                    let was = needsInvoice ? " (earlier rows: \"\(values[slot])\")" : " (earlier rows differ)"
                    findings.append(Finding(
                        code: .duplicatePosting, field: "line \(record.line)",
                        message: "posting \(first[.postingNumber]) appears again with \(Self.postingColumns[slot].rawValue) \"\(incoming[slot])\"\(was); "
                            + "rows of one posting must agree on its posting-level columns"))
                }
            }
            if needsInvoice { lines.append(ExportLine(record)) }
        }
        if let malformed = malformedFindings.removeValue(forKey: index) {
            rowCount += malformed.count
            findings += malformed
        }
        var byColumn: [ExportColumn: String] = [:]
        if needsInvoice {
            for (slot, value) in values.enumerated() where !value.isEmpty { byColumn[Self.postingColumns[slot]] = value }
        }
        return ExportPosting(
            postingNumber: first[.postingNumber], firstLine: first.line, rowCount: rowCount, status: status,
            values: byColumn, lines: lines,
            readingFindings: findings.sorted { Self.lineOf($0) < Self.lineOf($1) },
            needsInvoice: needsInvoice)
    }

    /// A row's posting-level values by slot of `postingColumns`, the status canonical.
    private func postingValues(_ record: ExportRecord, status: String) -> [String] {
        var values = Self.postingColumns.map { record[$0] }
        values[Self.statusSlot] = status
        return values
    }

    static func finding(_ row: MalformedRow) -> Finding {
        Finding(code: .rowMalformed, field: "line \(row.line)", message: row.reason)
    }

    private static func lineOf(_ finding: Finding) -> Int {
        Int(finding.field?.split(separator: " ").last ?? "") ?? 0
    }

    // MARK: Spooled rows

    /// A row as spooled: its length, its line, then each column's value.
    private static func encode(_ record: ExportRecord, into out: inout [UInt8]) {
        out.append(contentsOf: [0, 0, 0, 0])
        SpoolCoding.putVarint(record.line, into: &out)
        for value in record.values { SpoolCoding.putString(value, into: &out) }
        let length = out.count - 4
        out.withUnsafeMutableBufferPointer { bytes in
            for at in 0..<4 { bytes[at] = UInt8(truncatingIfNeeded: length >> (8 * at)) }
        }
    }

    /// The spooled row at `offset`, read with the rows around it (the next posting's are most
    /// likely next).
    private mutating func row(at offset: Int) throws(TemporaryFileError) -> ExportRecord {
        if offset < windowStart || offset + 4 > windowStart + window.count { try load(from: offset, atLeast: 4) }
        let length = SpoolCoding.length(window, at: offset - windowStart)
        if offset + 4 + length > windowStart + window.count { try load(from: offset, atLeast: 4 + length) }
        var decoder = SpoolCoding.Decoder(bytes: window, at: offset - windowStart + 4)
        var record = ExportRecord(line: decoder.varint())
        for column in 0..<Self.columnCount { record.values[column] = decoder.string() }
        return record
    }

    private mutating func load(from offset: Int, atLeast needed: Int) throws(TemporaryFileError) {
        // Reading on from inside or the end of the window (rows in file order, the usual
        // export) takes a large piece; a jump elsewhere (a posting whose rows are far apart)
        // takes only what the row needs: a megabyte per jump made 1,000,000 scattered rows
        // copy a terabyte.
        let onward = offset >= windowStart && offset <= windowStart + window.count
        let wanted = onward ? max(needed, TemporarySpool.memoryLimit) : max(needed, Self.jumpReadBytes)
        window.removeAll(keepingCapacity: true)
        windowStart = offset
        try spool.read(at: offset, length: min(wanted, spool.count - offset), into: &window)
    }

    /// What a jump in the spool reads: a page, enough for a row.
    private static let jumpReadBytes = 4096
}
