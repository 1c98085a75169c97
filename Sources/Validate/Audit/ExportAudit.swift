public import Foundation
public import InvoiceModel

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
        /// Parallel attachment checks; nil = all cores.
        public var jobs: Int?
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
    public func run(exportPath: String, progress: (@Sendable (Progress) -> Void)? = nil) async throws(AuditError) -> AuditReport {
        // The export is opened first, so a mistyped export path is reported as such and not
        // as the missing folder around it.
        var reader: any ExportReader
        do {
            reader = try ExportFormat.reader(path: exportPath, format: options.format,
                                             options: .init(mapping: options.mapping, encoding: options.encoding, sheet: options.sheet))
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
        var grouper = PostingGrouper(skipStatuses: options.skippedStatuses, mapping: options.mapping)
        do {
            while let item = try reader.next() {
                do {
                    try grouper.add(item)
                } catch {
                    throw AuditError.temporaryFile(error)
                }
                if grouper.records & 0xFFFF == 0 { progress?(.reading(rows: grouper.records)) }
            }
        } catch let error as AuditError {
            throw error
        } catch let error as ExportReadError {
            throw .export(error)
        } catch {
            preconditionFailure("only export and temporary-file errors are thrown here: \(error)")
        }
        let records = grouper.records
        let malformedRows = grouper.malformedRows
        progress?(.reading(rows: records))
        let unattributed = grouper.finishReading()

        var validator = InvoiceValidator(profile: nil, hsTable: options.hsTable, today: options.today)
        validator.pdfBudget = options.pdfBudget
        let orderChecks = OrderChecks(validator: validator)
        let attachmentCheck = AttachmentCheck(folder: folder, validator: validator, pdfPerPosting: options.pdfPerPosting)
        var (log, files) = try await checkInOrder(&grouper, progress: progress) { posting in
            let order = orderChecks.check(posting)
            var outcome = attachmentCheck.check(posting, order: order)
            // A code damaged by a spreadsheet is named as such, not also as a code of the wrong length.
            let damage = ExcelDamage.findings(posting)
            let damaged = Set(damage.map { "\($0.code.rawValue) \($0.field ?? "")" })
            outcome.findings = damage + order.findings.filter { !damaged.contains("\($0.code.rawValue) \($0.field ?? "")") }
                + outcome.findings
            return outcome
        }
        // Whether a file serves several postings is known only once all are checked: the few
        // postings concerned get their finding in one more pass over the log.
        let sharing = Self.sharedFiles(files)
        files = []
        if !sharing.isEmpty {
            log = log.rewritten { index, posting in
                guard let shared = sharing[index] else { return posting }
                var posting = posting
                posting.findings.append(shared)
                posting.status = status(of: posting.findings, needsInvoice: true)
                return posting
            }
        }
        if let failure = log.failure { throw .temporaryFile(failure) }
        return AuditReport(tool: tool, export: exportPath == "-" ? "standard input" : url.path, records: records, malformedRows: malformedRows,
                           log: log, unreadableRows: unattributed.map(PostingGrouper.finding), headerRow: reader.headerRow)
    }

    /// A posting's verdict from its findings.
    private func status(of findings: [Finding], needsInvoice: Bool) -> AuditReport.Status {
        let fails = findings.contains { $0.severity == .error || (options.strict && $0.severity == .warning) }
        return fails ? .failed : (needsInvoice ? .ok : .skipped)
    }

    /// The file a checked posting's attachment resolved to, for `ATTACHMENT_DUPLICATE`.
    private struct AttachedFile {
        var index: Int
        var postingNumber: String
        var path: String?
        var sha256: String?
    }

    /// Takes the postings from `grouper` in order, runs `check` on those that need an invoice on
    /// up to `jobs` tasks, and writes each posting's report entry to the log as soon as it and
    /// all before it are decided. Only a window of postings is in flight at a time, so the
    /// memory held is the window's, not the export's.
    private func checkInOrder(_ grouper: inout PostingGrouper, progress: (@Sendable (Progress) -> Void)?,
                              check: @escaping @Sendable (ExportPosting) -> AttachmentCheck.Outcome) async throws(AuditError) -> (AuditPostingLog, [AttachedFile]) {
        let log = AuditPostingLog()
        var files: [AttachedFile] = []
        let count = grouper.postingCount
        let toCheck = grouper.checkedCount
        let width = max(1, options.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        // How far taking may run ahead of writing while one slow attachment is being read.
        let window = width * 64
        var waiting: [Int: ExportPosting] = [:]
        var outcomes: [Int: AttachmentCheck.Outcome] = [:]
        var taken = 0, written = 0, inFlight = 0, done = 0
        var failure: TemporaryFileError?

        func write(_ posting: ExportPosting, _ outcome: AttachmentCheck.Outcome?) {
            var findings = posting.readingFindings
            if let outcome {
                findings += outcome.findings
                if outcome.resolvedPath != nil || outcome.sha256 != nil {
                    files.append(AttachedFile(index: written, postingNumber: posting.postingNumber,
                                              path: outcome.resolvedPath, sha256: outcome.sha256))
                }
            }
            log.append(AuditReport.Posting(postingNumber: posting.postingNumber, status: status(of: findings, needsInvoice: posting.needsInvoice),
                                           findings: findings, line: posting.firstLine, exportStatus: posting.status))
        }

        await withTaskGroup(of: (Int, AttachmentCheck.Outcome).self) { group in
            var moved = true
            while moved {
                moved = false
                while failure == nil, taken < count, inFlight < width, taken - written < window {
                    var posting: ExportPosting
                    do throws(TemporaryFileError) {
                        posting = try grouper.takePosting(taken)
                    } catch {
                        // Nothing more is taken; what is in flight finishes, then the audit stops.
                        failure = error
                        break
                    }
                    if posting.needsInvoice {
                        let index = taken, checked = posting
                        group.addTask { (index, check(checked)) }
                        inFlight += 1
                        posting.lines = []
                        posting.values = [:]
                    }
                    waiting[taken] = posting
                    taken += 1
                    moved = true
                }
                while written < taken, let posting = waiting[written] {
                    let outcome = outcomes.removeValue(forKey: written)
                    guard outcome != nil || !posting.needsInvoice else { break }
                    waiting[written] = nil
                    write(posting, outcome)
                    written += 1
                    moved = true
                }
                if !moved, inFlight > 0, let (index, outcome) = await group.next() {
                    outcomes[index] = outcome
                    inFlight -= 1
                    done += 1
                    if done % 16 == 0 || done == toCheck { progress?(.checking(done: done, of: toCheck)) }
                    moved = true
                }
            }
        }
        if let failure { throw .temporaryFile(failure) }
        return (log, files)
    }

    /// `ATTACHMENT_DUPLICATE`, by posting index, for every posting whose file (same real path, or
    /// same content) also serves another posting.
    private static func sharedFiles(_ files: [AttachedFile]) -> [Int: Finding] {
        var byPath: [String: [Int]] = [:]
        var byHash: [String: [Int]] = [:]
        for (at, file) in files.enumerated() {
            if let path = file.path { byPath[path, default: []].append(at) }
            if let hash = file.sha256 { byHash[hash, default: []].append(at) }
        }
        // The groups each file is in (by path, by content): usually one, or the same twice.
        var groupsOf: [Int: [[Int]]] = [:]
        for group in Array(byPath.values) + Array(byHash.values) where group.count > 1 {
            for at in group { groupsOf[at, default: []].append(group) }
        }
        var findings: [Int: Finding] = [:]
        for (at, groups) in groupsOf {
            // `files` is in posting order, and so is each group: its first positions are the first
            // postings. (A set of the others for each file cost the square of a group's size.)
            let others: (count: Int, first: [Int])
            if groups.dropFirst().allSatisfy({ $0 == groups[0] }) {
                others = (groups[0].count - 1, Array(groups[0].lazy.filter { $0 != at }.prefix(5)))
            } else {
                let union = Set(groups.joined()).subtracting([at])
                others = (union.count, Array(union.sorted().prefix(5)))
            }
            let names = others.first.map { files[$0].postingNumber }
            let more = others.count > 5 ? " and \(others.count - 5) more" : ""
            findings[files[at].index] = Finding(
                code: .attachmentDuplicate, field: ExportColumn.invoiceFile.rawValue,
                message: "the same file (by path or content) also serves posting\(others.count == 1 ? "" : "s") \(names.joined(separator: ", "))\(more); each posting needs its own invoice")
        }
        return findings
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
