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
    /// Malformed rows that name a posting not seen yet: kept on disk until reading ends (a
    /// later row may start that posting), then spooled with their posting or left unreadable.
    private let pendingMalformed = TemporarySpool(purpose: "malformed rows")
    /// Rows that no posting can claim, the first ``UnreadableRows/kept`` of them by line.
    private var unreadable = UnreadableRows()
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
            guard let number = row.postingNumber, !number.isEmpty else {
                unreadable.add(row)
                return
            }
            if let id = idByNumber[number] {
                try spoolMalformed(row, posting: id)
            } else {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: [0, 0, 0, 0])
                SpoolCoding.putVarint(row.line, into: &scratch)
                SpoolCoding.putString(number, into: &scratch)
                SpoolCoding.putString(row.reason, into: &scratch)
                Self.putLength(in: &scratch)
                try pendingMalformed.append(scratch)
            }
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
            unreadable.add(MalformedRow(line: record.line, reason: "the row has no posting_number"))
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
    /// returns the `ROW_MALFORMED` findings of the rows no posting could claim (the first
    /// ``UnreadableRows/kept``, then one counting the rest). The postings are then taken one by
    /// one, in first-seen order, with ``takePosting(_:)``.
    /// - Throws: when the malformed rows kept on disk cannot be read back or spooled.
    mutating func finishReading() throws(TemporaryFileError) -> [Finding] {
        var piece: [UInt8] = []
        var offset = 0
        while offset < pendingMalformed.count {
            piece.removeAll(keepingCapacity: true)
            try pendingMalformed.read(at: offset, length: 4, into: &piece)
            let length = SpoolCoding.length(piece, at: 0)
            try pendingMalformed.read(at: offset + 4, length: length, into: &piece)
            offset += 4 + length
            var decoder = SpoolCoding.Decoder(bytes: piece, at: 4)
            let line = decoder.varint()
            let number = decoder.string()
            let row = MalformedRow(line: line, reason: decoder.string(), postingNumber: number)
            if let id = idByNumber[number] {
                try spoolMalformed(row, posting: id)
            } else {
                unreadable.add(row)
            }
        }
        idByNumber = [:]
        // Ids are given in first-seen order and offsets grow with the file, so an export whose
        // postings' rows are adjacent is sorted already.
        if zip(rows, rows.dropFirst()).contains(where: { pair in pair.0.posting > pair.1.posting }) {
            rows.sort { ($0.posting, $0.offset) < ($1.posting, $1.offset) }
        }
        return unreadable.findings
    }

    /// Spools a malformed row with the posting it names, to be reported with that posting.
    private mutating func spoolMalformed(_ row: MalformedRow, posting id: Int32) throws(TemporaryFileError) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: [0, 0, 0, 0, Self.malformedEntry])
        SpoolCoding.putVarint(row.line, into: &scratch)
        SpoolCoding.putString(row.reason, into: &scratch)
        Self.putLength(in: &scratch)
        let offset = try spool.append(scratch)
        rows.append(SpooledRow(offset: offset, posting: id))
    }

    /// Posting `index` (first-seen order) with all its data, rebuilt from its spooled rows.
    /// Postings are taken in order, each once.
    /// - Throws: when the spool cannot be read back.
    mutating func takePosting(_ index: Int) throws(TemporaryFileError) -> ExportPosting {
        precondition(nextRow < rows.count && rows[nextRow].posting == Int32(index), "postings are taken in first-seen order")
        // A posting's first entry is a row read whole: a malformed row joins only a posting
        // already seen, so it is spooled after that posting's first row.
        guard case .record(let first) = try entry(at: rows[nextRow].offset) else {
            preconditionFailure("a posting starts with a row read whole")
        }
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
            let entry = try entry(at: rows[nextRow].offset)
            nextRow += 1
            rowCount += 1
            guard case .record(let record) = entry else {
                if case .malformed(let row) = entry { findings.append(Self.finding(row)) }
                continue
            }
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

    /// The first byte of a spooled entry: a row read whole, or a malformed row (its line and why).
    private static let recordEntry: UInt8 = 0
    private static let malformedEntry: UInt8 = 1

    /// A row as spooled: its length, its kind, its line, then each column's value.
    private static func encode(_ record: ExportRecord, into out: inout [UInt8]) {
        out.append(contentsOf: [0, 0, 0, 0, recordEntry])
        SpoolCoding.putVarint(record.line, into: &out)
        for value in record.values { SpoolCoding.putString(value, into: &out) }
        putLength(in: &out)
    }

    /// Writes the length of what follows the first 4 bytes into them.
    private static func putLength(in out: inout [UInt8]) {
        let length = out.count - 4
        out.withUnsafeMutableBufferPointer { bytes in
            for at in 0..<4 { bytes[at] = UInt8(truncatingIfNeeded: length >> (8 * at)) }
        }
    }

    /// The spooled entry at `offset`, read with the rows around it (the next posting's are most
    /// likely next).
    private mutating func entry(at offset: Int) throws(TemporaryFileError) -> ExportItem {
        if offset < windowStart || offset + 4 > windowStart + window.count { try load(from: offset, atLeast: 4) }
        let length = SpoolCoding.length(window, at: offset - windowStart)
        if offset + 4 + length > windowStart + window.count { try load(from: offset, atLeast: 4 + length) }
        var decoder = SpoolCoding.Decoder(bytes: window, at: offset - windowStart + 4)
        if decoder.byte() == Self.malformedEntry {
            let line = decoder.varint()
            return .malformed(MalformedRow(line: line, reason: decoder.string()))
        }
        var record = ExportRecord(line: decoder.varint())
        for column in 0..<Self.columnCount { record.values[column] = decoder.string() }
        return .record(record)
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
