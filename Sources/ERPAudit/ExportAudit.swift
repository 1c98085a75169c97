public import Foundation
public import InvoiceModel
public import Findings
public import PDFReading
import Validate

/// Audits an ERP export (docs/audit.md): every posting whose status needs an invoice must carry an
/// attachment that exists, is a readable PDF and agrees with the order.
///
/// ```swift
/// let audit = ExportAudit(options: .init(attachments: URL(fileURLWithPath: "pdf")))
/// let report = try await audit.run(export: URL(fileURLWithPath: "orders.csv"))
/// report.summary.failed   // postings with errors
/// ```
///
/// The export is read as a stream and grouped into postings; order data and attachments
/// are then checked on all cores, and the report lists postings in first-seen order.
public struct ExportAudit: Sendable {
    public struct Options: Sendable {
        /// Where `invoice_file` paths point; nil = the export's folder.
        public var attachments: URL?
        public var mapping: ExportMapping
        /// Nomenclature for `HS_CODE_UNKNOWN`.
        public var hsTable: HSNomenclature?
        /// Statuses that need no invoice, besides `awaiting_payment` and `cancelled`.
        public var extraSkippedStatuses: Set<String>
        /// Parallel attachment checks; nil = one more than the cores (a check waits while its
        /// reader process works: one more keeps every core busy).
        public var jobs: Int?

        /// The checks run at once: `jobs`, or one more than the cores.
        public var checkWidth: Int { max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount + 1) }
        /// Warnings fail a posting too.
        public var strict: Bool
        /// nil = by extension or content.
        public var format: ExportFormat?
        /// "Today" for dates in the future; nil = today in the seller's time zone.
        public var today: LocalDate?
        /// The export's text encoding; nil = detected from its bytes.
        public var encoding: ExportEncoding?
        /// The workbook sheet to read; nil = the first.
        public var sheet: String?
        /// What reading one attachment that Faktura did not render may cost.
        public var pdfBudget: PDFReadBudget = .standard
        /// A posting whose export names no invoice file has it as `<posting number>.pdf` in the
        /// attachments folder (ERP exports carry no invoice column; `faktura mail scan --extract`
        /// names the PDFs it recovers so). Off, such a posting is `ATTACHMENT_MISSING`.
        public var pdfPerPosting = false
        /// While the export's rows come posting by posting (ERPs sort their exports), a posting
        /// is checked as soon as its rows end, unspooled. Off, every row is spooled and postings
        /// are checked after reading (to compare the two paths, or to measure them).
        public var checksPostingsWhileReading = true

        public init(attachments: URL? = nil, mapping: ExportMapping = .identity, hsTable: HSNomenclature? = nil,
                    extraSkippedStatuses: Set<String> = [], jobs: Int? = nil, strict: Bool = false,
                    format: ExportFormat? = nil, today: LocalDate? = nil) {
            self.attachments = attachments
            self.mapping = mapping
            self.hsTable = hsTable
            self.extraSkippedStatuses = extraSkippedStatuses
            self.jobs = jobs
            self.strict = strict
            self.format = format
            self.today = today
        }

        /// How the export itself is read (the part of these options its reader needs).
        public var readOptions: ExportFormat.ReadOptions {
            ExportFormat.ReadOptions(mapping: mapping, encoding: encoding, sheet: sheet)
        }

        /// All statuses that need no invoice.
        public var skippedStatuses: Set<String> {
            PostingStatusPolicy.defaultSkipped.union(extraSkippedStatuses.map { $0.lowercased() })
        }
    }

    /// What the audit is doing, for a progress bar.
    public enum Progress: Sendable {
        case reading(rows: Int)
        case checking(done: Int, of: Int)
    }

    public let options: Options
    public let tool: ReportTool

    public init(options: Options = Options(), tool: ReportTool = ReportTool(version: "dev")) {
        self.options = options
        self.tool = tool
    }

    /// Reads, groups and checks the export.
    /// - Throws: ``AuditError`` when the export or the attachments folder cannot be read at all.
    public func run(export url: URL, progress: (@Sendable (Progress) -> Void)? = nil) async throws(AuditError) -> AuditReport {
        try await run(exportPath: url.path, progress: progress)
    }

    /// Reads, groups and checks the export at `exportPath`, or standard input when it is `-`
    /// (then `attachments` must be given: there is no export folder).
    ///
    /// The steps, each owning what it changes: ``ExportReading`` (pass 1) owns the export's
    /// reader and the grouper while the export is read, and hands postings to ``checkInOrder``
    /// as their rows end; ``SpooledPostings`` (pass 2) takes the grouper over for the postings
    /// rows came back to; ``markSharedAttachments(in:_:)`` adds the findings that need every
    /// posting checked first.
    public func run(exportPath: String, progress: (@Sendable (Progress) -> Void)? = nil) async throws(AuditError) -> AuditReport {
        // The export is opened first, so a mistyped export path is reported as such and not
        // as the missing folder around it.
        let reader: any ExportReader
        do {
            reader = try ExportFormat.reader(path: exportPath, format: options.format, options: options.readOptions)
        } catch {
            throw .export(error)
        }
        let url = URL(fileURLWithPath: exportPath)
        guard options.attachments != nil || exportPath != "-" else {
            throw .attachments(folder: "-", message: "an export read from standard input has no folder; name the attachments folder with --attachments")
        }
        // Never read the export itself, or anything else, as an attachment by accident: the
        // folder check happens per file, the export is just a file among them.
        let folder = try AttachmentFolder(url: options.attachments ?? url.deletingLastPathComponent())
        let check = PostingCheck(folder: folder, options: options)
        var files = SharedAttachments()

        // Pass 1: the export is read, and while each posting's rows are adjacent (ERPs sort their
        // exports) a posting is checked as soon as its rows end, unspooled.
        var reading = ExportReading(reader: reader, exportPath: exportPath, options: options, progress: progress)
        var log = AuditPostingLog()
        try await checkInOrder(&reading, into: log, files: &files, progress: progress, check: check)
        let records = reading.grouper.records, malformedRows = reading.grouper.malformedRows
        let unattributed = reading.unattributed, headerRow = reading.headerRow

        // Pass 2, when rows came back to postings checked already: those postings, and all those
        // not handed out, are built from the spool and checked; their verdicts replace or follow
        // those of pass 1.
        // The grouper moves on, not copied: its spool index is not held twice.
        var spooled = SpooledPostings(grouper: (consume reading).grouper)
        if !spooled.isEmpty {
            let reopened = spooled.reopened
            files.forget(reopened)
            let spooledLog = AuditPostingLog()
            try await checkInOrder(&spooled, into: spooledLog, files: &files, progress: progress, check: check)
            log = log.merged(replacing: reopened, with: spooledLog)
        }
        log = markSharedAttachments(in: log, &files)
        files = SharedAttachments()
        if let failure = log.failure { throw .temporaryFile(failure) }
        return AuditReport(tool: tool, export: exportPath == "-" ? "standard input" : url.path,
                           records: records, malformedRows: malformedRows,
                           log: log, unreadableRows: unattributed, headerRow: headerRow)
    }

    /// Whether a file serves several postings is known only once all are checked: the few
    /// postings concerned get their `ATTACHMENT_DUPLICATE` finding in one more pass over the log
    /// (and one before it for the numbers of the postings the findings name).
    private func markSharedAttachments(in log: AuditPostingLog, _ files: inout SharedAttachments) -> AuditPostingLog {
        let named = files.findGroups()
        guard !named.isEmpty else { return log }
        var names: [Int32: String] = [:]
        var index: Int32 = 0
        log.forEach { posting in
            if named.contains(index) { names[index] = posting.postingNumber }
            index += 1
            return true
        }
        return log.rewritten { index, posting in
            guard let shared = files.finding(index: index, name: { names[$0] ?? "" }) else { return posting }
            var posting = posting
            posting.findings.append(shared)
            posting.status = status(of: posting.findings, needsInvoice: true)
            return posting
        }
    }

    /// A posting's verdict from its findings.
    private func status(of findings: [Finding], needsInvoice: Bool) -> AuditReport.Status {
        let fails = findings.contains { $0.severity == .error || (options.strict && $0.severity == .warning) }
        return fails ? .failed : (needsInvoice ? .ok : .skipped)
    }

    /// Takes the postings from `source` (each with its index in first-seen order, ascending),
    /// runs `check` on those that need an invoice on up to `jobs` tasks, and appends each
    /// posting's report entry to `log` as soon as it and all before it are decided. Only a window
    /// of postings is in flight at a time, so the memory held is the window's, not the export's.
    private func checkInOrder<Source: PostingSource>(_ source: inout Source, into log: AuditPostingLog, files: inout SharedAttachments,
                                                     progress: (@Sendable (Progress) -> Void)?, check: PostingCheck) async throws(AuditError) {
        let width = options.checkWidth
        // How far taking may run ahead of writing while one slow attachment is being read.
        let window = width * 64
        var waiting: [Int: (id: Int, posting: ExportPosting)] = [:]
        var outcomes: [Int: AttachmentCheck.Outcome] = [:]
        var taken = 0, written = 0, inFlight = 0, done = 0
        var exhausted = false
        var failure: AuditError?

        func write(_ id: Int, _ posting: ExportPosting, _ outcome: AttachmentCheck.Outcome?) {
            var findings = posting.readingFindings
            if let outcome {
                findings += outcome.findings
                files.record(index: id, path: outcome.resolvedPath, sha256: outcome.sha256, namesPosting: outcome.namesPosting)
            }
            log.append(AuditReport.Posting(postingNumber: posting.postingNumber, status: status(of: findings, needsInvoice: posting.needsInvoice),
                                           findings: findings, line: posting.firstLine, exportStatus: posting.status))
        }

        await withTaskGroup(of: (Int, AttachmentCheck.Outcome).self) { group in
            var moved = true
            while moved {
                moved = false
                while failure == nil, !exhausted, inFlight < width, taken - written < window {
                    let taking: (id: Int, posting: ExportPosting)?
                    do throws(AuditError) {
                        taking = try source.next()
                    } catch {
                        // Nothing more is taken; what is in flight finishes, then the audit stops.
                        failure = error
                        break
                    }
                    guard case (let id, var posting)? = taking else {
                        exhausted = true
                        break
                    }
                    if posting.needsInvoice {
                        let index = taken, checked = posting
                        group.addTask { (index, await BlockingWork.run { check.check(checked) }) }
                        inFlight += 1
                        posting.lines = []
                        posting.values = [:]
                    }
                    waiting[taken] = (id, posting)
                    taken += 1
                    moved = true
                }
                while written < taken, let (id, posting) = waiting[written] {
                    let outcome = outcomes.removeValue(forKey: written)
                    guard outcome != nil || !posting.needsInvoice else { break }
                    waiting[written] = nil
                    write(id, posting, outcome)
                    written += 1
                    moved = true
                }
                if !moved, inFlight > 0, let (index, outcome) = await group.next() {
                    outcomes[index] = outcome
                    inFlight -= 1
                    done += 1
                    if done % 16 == 0 { progress?(.checking(done: done, of: max(done, source.checkedCount))) }
                    moved = true
                }
            }
        }
        if let failure { throw failure }
    }
}

/// Why an audit could not run (exit status 2).
public enum AuditError: Error, Sendable, Hashable, CustomStringConvertible {
    case export(ExportReadError)
    case attachments(folder: String, message: String)
    /// The rows or the report could not be kept in a temporary file.
    case temporaryFile(TemporaryFileError)

    public var description: String {
        switch self {
        case .export(let error): return error.description
        case .temporaryFile(let error): return error.description
        case let .attachments(folder, message): return "\(folder): cannot use as the attachments folder: \(message)"
        }
    }
}
