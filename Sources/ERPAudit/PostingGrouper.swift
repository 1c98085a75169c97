import Findings

/// Groups rows into postings in first-seen order, wherever a posting's rows stand in the export.
///
/// **Direct**, while each posting's rows are adjacent (the usual export: ERPs sort it), a
/// posting is handed out as soon as a row of the next one is read, built from its rows as they
/// come; nothing is spooled (``add(_:)`` returns it).
///
/// **Spooled**, from the first row of a posting handed out already: a posting's rows are not
/// all adjacent, so no posting is known whole before the last row is read. Rather than holding
/// every posting's rows until then, the grouper keeps, per posting, only its number's id, and per
/// row 16 bytes (its posting's id, where it is spooled); the rows themselves (their mapped columns
/// only, compactly) go to a ``TemporarySpool``. The rows read before the switch are spooled by
/// reading the export again up to it (``replay(_:)``; an export that cannot be read again, such
/// as standard input, is spooled from its first row). When reading ends, the postings not yet
/// handed out and those that rows came back to (``reopened``) are rebuilt one at a time from
/// their spooled rows (``takePosting(_:)``, ids in ``spooledPostingIDs``), so the memory held is
/// one posting's, whatever the export's size or share of failed postings.
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

    /// Whether postings are still handed out as their rows end (all rows so far adjacent).
    private(set) var isDirect = true
    /// Whether rows are spooled while direct too (an export that cannot be read again).
    private let spoolsWhileDirect: Bool
    /// While direct: the posting whose rows are being read.
    private var open: Draft?
    /// Postings handed out directly: ids `0..<directCount`.
    private(set) var directCount = 0
    /// Postings handed out directly that later rows belong to: they are built again from the
    /// spool, and their first verdict is replaced.
    private(set) var reopened: Set<Int32> = []
    /// The item that made the grouper leave direct mode, spooled once the rows before it are.
    private var held: ExportItem?
    /// While replaying: the highest posting id of the rows replayed so far.
    private var replayedID: Int32 = -1

    /// What ``add(_:)`` did with an item.
    enum Added {
        /// Kept (with its posting, spooled, or as an unreadable row).
        case kept
        /// It starts a new posting: the one before it is complete, and here it is.
        case completed(ExportPosting)
        /// It belongs to a posting handed out already: reading the export again, hand its first
        /// `count` items to ``replay(_:)``, then call ``endReplay()``.
        case replayNeeded(count: Int)
    }

    private static let postingColumns = ExportColumn.postingLevel
    private static let statusSlot = postingColumns.firstIndex(of: .status)!
    private static let columnCount = ExportColumn.allCases.count

    private struct SpooledRow {
        var offset: Int
        var posting: Int32
    }

    /// `canReplay`: whether the export can be read again from its start (a file); when not, rows
    /// are spooled from the first (`audit -`).
    /// `direct: false` spools every row from the first (``ExportAudit/Options/checksPostingsWhileReading``).
    init(skipStatuses: Set<String>, mapping: ExportMapping, canReplay: Bool = true, direct: Bool = true) {
        self.skipStatuses = skipStatuses
        self.mapping = mapping
        spoolsWhileDirect = !canReplay
        isDirect = direct
    }

    /// Takes one item of the export.
    /// - Throws: when the row cannot be spooled (no room for the temporary file).
    mutating func add(_ item: ExportItem) throws(TemporaryFileError) -> Added {
        records += 1
        switch item {
        case .malformed(let row):
            malformedRows += 1
            guard let number = row.postingNumber, !number.isEmpty else {
                unreadable.add(row)
                return .kept
            }
            if let id = idByNumber[number] {
                if isDirect, let draft = open {
                    if id == draft.id {
                        open!.rowCount += 1
                        open!.findings.append(Self.finding(row))
                        if spoolsWhileDirect { try spoolMalformed(row, posting: id) }
                        return .kept
                    }
                    return try leaveDirect(for: item, reopening: id)
                }
                if id < directCount { reopened.insert(id) }
                try spoolMalformed(row, posting: id)
            } else {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: [0, 0, 0, 0])
                SpoolCoding.putVarint(row.line, into: &scratch)
                SpoolCoding.putString(number, into: &scratch)
                SpoolCoding.putText(row.reason, into: &scratch)
                Self.putLength(in: &scratch)
                try pendingMalformed.append(scratch)
            }
            return .kept
        case .record(let record):
            return try add(record)
        }
    }

    /// Leaves direct mode: `id`, handed out already, has another row (`item`).
    private mutating func leaveDirect(for item: ExportItem, reopening id: Int32) throws(TemporaryFileError) -> Added {
        isDirect = false
        reopened.insert(id)
        // The open posting was not handed out: it is built from the spool with those after it.
        directCount = Int(open?.id ?? Int32(postingCount))
        open = nil
        if spoolsWhileDirect {
            try spoolItem(item)
            return .kept
        }
        held = item
        return .replayNeeded(count: records - 1)
    }

    /// One of the items read before the grouper left direct mode, read again in order: spooled
    /// with its posting. A malformed row is spooled only if its posting had started by then (the
    /// others wait for the end of reading already).
    /// - Returns: false when the item is not what the first reading gave (the export changed).
    mutating func replay(_ item: ExportItem) throws(TemporaryFileError) -> Bool {
        switch item {
        case .record(let record):
            let number = record[.postingNumber]
            guard !number.isEmpty else { return true }
            guard let id = idByNumber[number] else { return false }
            replayedID = max(replayedID, id)
            try spool(record, posting: id)
        case .malformed(let row):
            guard let number = row.postingNumber, let id = idByNumber[number], id <= replayedID else { return true }
            try spoolMalformed(row, posting: id)
        }
        return true
    }

    /// Ends the replay: the item that ended direct mode is spooled after the rows before it.
    mutating func endReplay() throws(TemporaryFileError) {
        if let item = held { try spoolItem(item) }
        held = nil
    }

    /// Spools a row of a known posting (or a malformed row naming one).
    private mutating func spoolItem(_ item: ExportItem) throws(TemporaryFileError) {
        switch item {
        case .record(let record):
            if let id = idByNumber[record[.postingNumber]] { try spool(record, posting: id) }
        case .malformed(let row):
            if let number = row.postingNumber, let id = idByNumber[number] { try spoolMalformed(row, posting: id) }
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

    private mutating func add(_ record: ExportRecord) throws(TemporaryFileError) -> Added {
        let number = record[.postingNumber]
        guard !number.isEmpty else {
            malformedRows += 1
            unreadable.add(MalformedRow(line: record.line, reason: MessageText("row.noPostingNumber")))
            return .kept
        }
        if let id = idByNumber[number] {
            if isDirect {
                guard var draft = open, draft.id == id else { return try leaveDirect(for: .record(record), reopening: id) }
                open = nil
                extend(&draft, with: record)
                open = draft
                if spoolsWhileDirect { try spool(record, posting: id) }
                return .kept
            }
            if id < directCount { reopened.insert(id) }
            try spool(record, posting: id)
            return .kept
        }
        let id = Int32(postingCount)
        idByNumber[number] = id
        postingCount += 1
        if !skipStatuses.contains(statuses[Int(statusID(record[.status]))]) { checkedCount += 1 }
        if spoolsWhileDirect || !isDirect { try spool(record, posting: id) }
        guard isDirect else { return .kept }
        let completed = open.map { finish($0) }
        open = begin(record, id: id)
        guard let completed else { return .kept }
        directCount += 1
        return .completed(completed)
    }

    private mutating func spool(_ record: ExportRecord, posting id: Int32) throws(TemporaryFileError) {
        scratch.removeAll(keepingCapacity: true)
        Self.encode(record, into: &scratch)
        let offset = try spool.append(scratch)
        rows.append(SpooledRow(offset: offset, posting: id))
    }

    /// What ``finishReading()`` found.
    enum Finished {
        /// Reading is over. `last`: while direct, the last posting, complete now.
        case done(unreadableRows: [Finding], last: ExportPosting?)
        /// A malformed row names a posting handed out already: read the export again, hand its
        /// first `count` items to ``replay(_:)``, call ``endReplay()``, then this again.
        case replayNeeded(count: Int)
    }

    /// Ends the reading: malformed rows go to their postings where a posting number was read;
    /// gives the `ROW_MALFORMED` findings of the rows no posting could claim (the first
    /// ``UnreadableRows/kept``, then one counting the rest). The postings not handed out are
    /// then taken one by one, in the order of ``spooledPostingIDs``, with ``takePosting(_:)``.
    /// - Throws: when the malformed rows kept on disk cannot be read back or spooled.
    mutating func finishReading() throws(TemporaryFileError) -> Finished {
        if isDirect, let draft = open {
            // A malformed row waiting for a posting that was handed out ends direct mode.
            var reopening: Int32?
            try Self.forEachMalformed(in: pendingMalformed) { row in
                if let id = idByNumber[row.postingNumber ?? ""], id != draft.id, reopening == nil { reopening = id }
            }
            if let reopening {
                isDirect = false
                reopened.insert(reopening)
                directCount = Int(draft.id)
                open = nil
                if !spoolsWhileDirect { return .replayNeeded(count: records) }
            }
        }
        var rest = UnreadableRows()
        swap(&rest, &unreadable)
        var readingError: TemporaryFileError?
        try Self.forEachMalformed(in: pendingMalformed) { row in
            guard let id = idByNumber[row.postingNumber ?? ""] else {
                rest.add(row)
                return
            }
            if isDirect {
                open!.rowCount += 1
                open!.findings.append(Self.finding(row))
                return
            }
            if id < directCount { reopened.insert(id) }
            do throws(TemporaryFileError) {
                try spoolMalformed(row, posting: id)
            } catch {
                readingError = readingError ?? error
            }
        }
        if let readingError { throw readingError }
        idByNumber = [:]
        let last = open.map { finish($0) }
        open = nil
        // Only the postings built from the spool keep their rows' places.
        if !reopened.isEmpty || directCount > 0 {
            let first = Int32(directCount)
            rows.removeAll { $0.posting < first && !reopened.contains($0.posting) }
        }
        // Ids are given in first-seen order and offsets grow with the file, so an export whose
        // postings' rows are adjacent is sorted already.
        if zip(rows, rows.dropFirst()).contains(where: { pair in pair.0.posting > pair.1.posting }) {
            rows.sort { ($0.posting, $0.offset) < ($1.posting, $1.offset) }
        }
        return .done(unreadableRows: rest.findings, last: last)
    }

    /// The ids of the postings to take from the spool, in order: those that rows came back to,
    /// then those not handed out. Empty when all were handed out directly.
    var spooledPostingIDs: [Int] {
        isDirect ? [] : reopened.sorted().map { Int($0) } + Array(directCount..<postingCount)
    }

    /// Each malformed row that waited for its posting, in order.
    private static func forEachMalformed(in pendingMalformed: TemporarySpool, _ body: (MalformedRow) -> Void) throws(TemporaryFileError) {
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
            body(MalformedRow(line: line, reason: SpoolCoding.text(&decoder), postingNumber: number))
        }
    }

    /// Spools a malformed row with the posting it names, to be reported with that posting.
    private mutating func spoolMalformed(_ row: MalformedRow, posting id: Int32) throws(TemporaryFileError) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: [0, 0, 0, 0, Self.malformedEntry])
        SpoolCoding.putVarint(row.line, into: &scratch)
        SpoolCoding.putText(row.reason, into: &scratch)
        Self.putLength(in: &scratch)
        let offset = try spool.append(scratch)
        rows.append(SpooledRow(offset: offset, posting: id))
    }

    /// Posting `index` with all its data, rebuilt from its spooled rows. Postings are taken in
    /// the order of ``spooledPostingIDs``, each once.
    /// - Throws: when the spool cannot be read back.
    mutating func takePosting(_ index: Int) throws(TemporaryFileError) -> ExportPosting {
        precondition(nextRow < rows.count && rows[nextRow].posting == Int32(index), "postings are taken in the order of spooledPostingIDs")
        // A posting's first entry is a row read whole: a malformed row joins only a posting
        // already seen, so it is spooled after that posting's first row.
        guard case .record(let first) = try entry(at: rows[nextRow].offset) else {
            preconditionFailure("a posting starts with a row read whole")
        }
        nextRow += 1
        var draft = begin(first, id: Int32(index))
        while nextRow < rows.count, rows[nextRow].posting == Int32(index) {
            let entry = try entry(at: rows[nextRow].offset)
            nextRow += 1
            switch entry {
            case .record(let record):
                extend(&draft, with: record)
            case .malformed(let row):
                draft.rowCount += 1
                draft.findings.append(Self.finding(row))
            }
        }
        return finish(draft)
    }

    // MARK: Building a posting from its rows

    /// A posting while its rows are read.
    private struct Draft {
        var id: Int32
        var first: ExportRecord
        var status: String
        var needsInvoice: Bool
        var values: [String]
        var lines: [ExportLine]
        var rowCount = 1
        var conflicting: Set<Int> = []
        var findings: [Finding] = []
    }

    private mutating func begin(_ first: ExportRecord, id: Int32) -> Draft {
        let status = statuses[Int(statusID(first[.status]))]
        let needsInvoice = !skipStatuses.contains(status)
        var draft = Draft(id: id, first: first, status: status, needsInvoice: needsInvoice,
                          values: postingValues(first, status: status), lines: needsInvoice ? [ExportLine(first)] : [])
        if unknownStatusIDs.contains(statusID(first[.status])) {
            draft.findings.append(Finding(
                code: .statusUnknown, field: .line(first.line), key: "posting.statusUnknown",
                ["status": .data(ExportTextDecoder.printable(first[.status]))]))
        }
        return draft
    }

    private mutating func extend(_ draft: inout Draft, with record: ExportRecord) {
        draft.rowCount += 1
        let incoming = postingValues(record, status: statuses[Int(statusID(record[.status]))])
        for slot in 0..<Self.postingColumns.count where !incoming[slot].isEmpty {
            if draft.values[slot].isEmpty {
                draft.values[slot] = incoming[slot]
            } else if draft.values[slot] != incoming[slot], draft.conflicting.insert(slot).inserted {
                // A posting that needs no invoice is not checked, so its earlier value is not named.
                let was: MessageArgument = draft.needsInvoice ? .key("posting.earlierValue", ["value": .data(draft.values[slot])])
                    : .key("posting.earlierDiffer")
                draft.findings.append(Finding(
                    code: .duplicatePosting, field: .line(record.line), key: "posting.conflict",
                    ["posting": .data(draft.first[.postingNumber]), "column": .data(Self.postingColumns[slot].rawValue),
                     "value": .data(incoming[slot]), "earlier": was]))
            }
        }
        if draft.needsInvoice { draft.lines.append(ExportLine(record)) }
    }

    private func finish(_ draft: Draft) -> ExportPosting {
        var byColumn: [ExportColumn: String] = [:]
        if draft.needsInvoice {
            for (slot, value) in draft.values.enumerated() where !value.isEmpty { byColumn[Self.postingColumns[slot]] = value }
        }
        return ExportPosting(
            postingNumber: draft.first[.postingNumber], firstLine: draft.first.line, rowCount: draft.rowCount, status: draft.status,
            values: byColumn, lines: draft.lines,
            readingFindings: draft.findings.sorted { Self.lineOf($0) < Self.lineOf($1) },
            needsInvoice: draft.needsInvoice)
    }

    /// A row's posting-level values by slot of `postingColumns`, the status canonical.
    private func postingValues(_ record: ExportRecord, status: String) -> [String] {
        var values = Self.postingColumns.map { record[$0] }
        values[Self.statusSlot] = status
        return values
    }

    static func finding(_ row: MalformedRow) -> Finding {
        Finding(code: .rowMalformed, field: .line(row.line), text: row.reason)
    }

    private static func lineOf(_ finding: Finding) -> Int {
        finding.field?.lineNumber ?? 0
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
            return .malformed(MalformedRow(line: line, reason: SpoolCoding.text(&decoder)))
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
