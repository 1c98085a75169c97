import Findings
import Validate

/// Where ``ExportAudit`` takes the postings it checks from: the export as it is read
/// (``ExportReading``, pass 1) or the spool (``SpooledPostings``, pass 2).
protocol PostingSource {
    /// The next posting with its index in first-seen order (ascending); nil when there are no more.
    mutating func next() throws(AuditError) -> (id: Int, posting: ExportPosting)?
    /// How many postings need a check so far (the progress bar's "of").
    var checkedCount: Int { get }
}

/// Pass 1 of an audit: owns the export's reader and the grouper while the export is read. A
/// posting is handed on as soon as its rows end; from the first row of a posting handed on
/// already, the grouper spools instead, reading the export again up to there (standard input,
/// which cannot be read again, is spooled from its first row).
struct ExportReading: PostingSource {
    private var reader: any ExportReader
    /// The grouper, which ``SpooledPostings`` takes over once reading has ended.
    private(set) var grouper: PostingGrouper
    private let exportPath: String
    private let format: ExportFormat?
    private let readOptions: ExportFormat.ReadOptions
    private let progress: (@Sendable (ExportAudit.Progress) -> Void)?
    private var finished = false
    /// Malformed rows no posting claims, known once reading has ended.
    private(set) var unattributed: [Finding] = []

    init(reader: any ExportReader, exportPath: String, options: ExportAudit.Options,
         progress: (@Sendable (ExportAudit.Progress) -> Void)?) {
        self.reader = reader
        self.exportPath = exportPath
        format = options.format
        readOptions = options.readOptions
        self.progress = progress
        grouper = PostingGrouper(skipStatuses: options.skippedStatuses, mapping: options.mapping, canReplay: exportPath != "-",
                                 direct: options.checksPostingsWhileReading)
    }

    /// The export's header row, for the report.
    var headerRow: ExportHeaderRow? { reader.headerRow }

    var checkedCount: Int { grouper.checkedCount }

    mutating func next() throws(AuditError) -> (id: Int, posting: ExportPosting)? {
        while !finished {
            let item: ExportItem?
            do {
                item = try reader.next()
            } catch {
                throw .export(error)
            }
            guard let item else {
                if let last = try finishReading() { return last }
                continue
            }
            let added: PostingGrouper.Added
            do {
                added = try grouper.add(item)
            } catch {
                throw .temporaryFile(error)
            }
            if grouper.records & 0xFFFF == 0 { progress?(.reading(rows: grouper.records)) }
            switch added {
            case .kept: continue
            case .completed(let posting): return (grouper.directCount - 1, posting)
            case .replayNeeded(let count): try replay(count)
            }
        }
        return nil
    }

    /// At the end of the export: the last posting, if it is handed on directly; nil with
    /// `finished` set when reading is over, nil alone when the grouper asked for a replay first.
    private mutating func finishReading() throws(AuditError) -> (id: Int, posting: ExportPosting)? {
        progress?(.reading(rows: grouper.records))
        let outcome: PostingGrouper.Finished
        do {
            outcome = try grouper.finishReading()
        } catch {
            throw .temporaryFile(error)
        }
        switch outcome {
        case .replayNeeded(let count):
            try replay(count)
            return nil
        case .done(let rows, let last):
            finished = true
            unattributed = rows
            return last.map { (grouper.postingCount - 1, $0) }
        }
    }

    /// Reads the export again from the start, `count` items, so that the grouper spools the
    /// rows of postings it handed on too early.
    private mutating func replay(_ count: Int) throws(AuditError) {
        do {
            var again = try ExportFormat.reader(path: exportPath, format: format, options: readOptions)
            for _ in 0..<count {
                guard let item = try again.next(), try grouper.replay(item) else {
                    throw ExportReadError.unreadable(file: exportPath, message: "the export changed while it was audited (read again, its rows differ); audit a copy that nothing writes to")
                }
            }
            try grouper.endReplay()
        } catch let error as ExportReadError {
            throw .export(error)
        } catch let error as TemporaryFileError {
            throw .temporaryFile(error)
        } catch {
            preconditionFailure("only export and temporary-file errors are thrown here: \(error)")
        }
    }
}

/// Pass 2 of an audit: takes the grouper over once reading has ended and builds, from its spool,
/// the postings rows came back to and those not handed on, in first-seen order.
struct SpooledPostings: PostingSource {
    private var grouper: PostingGrouper
    private let ids: [Int]
    private var position = 0

    init(grouper: PostingGrouper) {
        self.grouper = grouper
        ids = grouper.spooledPostingIDs
    }

    /// No posting was spooled: pass 1 checked them all.
    var isEmpty: Bool { ids.isEmpty }

    /// The postings pass 1 checked whose verdicts these replace.
    var reopened: Set<Int> { Set(grouper.reopened.map { Int($0) }) }

    var checkedCount: Int { grouper.checkedCount }

    mutating func next() throws(AuditError) -> (id: Int, posting: ExportPosting)? {
        guard position < ids.count else { return nil }
        let id = ids[position]
        position += 1
        do {
            return (id, try grouper.takePosting(id))
        } catch {
            throw .temporaryFile(error)
        }
    }
}

/// The checks of one posting that needs an invoice: its order data, its attachment, and the
/// values a spreadsheet damaged. Runs on any task (through `BlockingWork`).
struct PostingCheck: Sendable {
    private let orderChecks: OrderChecks
    private let attachmentCheck: AttachmentCheck

    init(folder: AttachmentFolder, options: ExportAudit.Options) {
        var validator = InvoiceValidator(profile: nil, hsTable: options.hsTable, today: options.today)
        validator.pdfBudget = options.pdfBudget
        orderChecks = OrderChecks(validator: validator)
        attachmentCheck = AttachmentCheck(folder: folder, validator: validator, pdfPerPosting: options.pdfPerPosting)
    }

    func check(_ posting: ExportPosting) -> AttachmentCheck.Outcome {
        let order = orderChecks.check(posting)
        var outcome = attachmentCheck.check(posting, order: order)
        // A code damaged by a spreadsheet is named as such, not also as a code of the wrong length.
        let damage = ExcelDamage.findings(posting)
        let damaged = Set(damage.map(Place.init))
        outcome.findings = damage + order.findings.filter { !damaged.contains(Place($0)) } + outcome.findings
        return outcome
    }

    /// What a finding is about: its code at its field.
    private struct Place: Hashable {
        let code: FindingCode
        let field: FieldPath?
        init(_ finding: Finding) {
            code = finding.code
            field = finding.field
        }
    }
}
