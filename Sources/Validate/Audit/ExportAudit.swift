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
                grouper.add(item)
                if grouper.records & 0xFFFF == 0 { progress?(.reading(rows: grouper.records)) }
            }
        } catch {
            throw .export(error)
        }
        let records = grouper.records
        let malformedRows = grouper.malformedRows
        progress?(.reading(rows: records))
        var (postings, unattributed) = grouper.finish()

        var validator = InvoiceValidator(profile: nil, hsTable: options.hsTable, today: options.today)
        validator.pdfBudget = options.pdfBudget
        let orderChecks = OrderChecks(validator: validator)
        let attachmentCheck = AttachmentCheck(folder: folder, validator: validator)
        let toCheck = postings.indices.filter { postings[$0].needsInvoice }
        var outcomes = await Self.checkAll(postings: postings, indices: toCheck, jobs: options.jobs, progress: progress) { posting in
            let order = orderChecks.check(posting)
            var outcome = attachmentCheck.check(posting, order: order)
            // A code damaged by a spreadsheet is named as such, not also as a code of the wrong length.
            let damage = ExcelDamage.findings(posting)
            let damaged = Set(damage.map { "\($0.code.rawValue) \($0.field ?? "")" })
            outcome.findings = damage + order.findings.filter { !damaged.contains("\($0.code.rawValue) \($0.field ?? "")") }
                + outcome.findings
            return outcome
        }
        var sharing = Self.sharedFiles(outcomes: outcomes, postings: postings)

        // Each posting's data and outcome are let go as its report entry is made, so the peak is
        // one of the two, not both.
        var reports: [AuditReport.Posting] = []
        reports.reserveCapacity(postings.count)
        var next = 0
        for index in postings.indices {
            let posting = postings[index]
            postings[index].lines = []
            postings[index].values = [:]
            var findings = posting.readingFindings
            if next < outcomes.count, outcomes[next].0 == index {
                findings += outcomes[next].1.findings
                outcomes[next].1 = AttachmentCheck.Outcome()
                next += 1
            }
            if let shared = sharing.removeValue(forKey: index) { findings.append(shared) }
            let fails = findings.contains { $0.severity == .error || (options.strict && $0.severity == .warning) }
            let status: AuditReport.Status = fails ? .failed : (posting.needsInvoice ? .ok : .skipped)
            reports.append(AuditReport.Posting(postingNumber: posting.postingNumber, status: status, findings: findings,
                                               line: posting.firstLine, exportStatus: posting.status))
        }
        postings = []
        outcomes = []
        return AuditReport(tool: tool, export: exportPath == "-" ? "standard input" : url.path, records: records, malformedRows: malformedRows,
                           postings: reports, unreadableRows: unattributed.map(PostingGrouper.finding))
    }

    /// Runs `check` over the postings at `indices` on up to `jobs` tasks; results keyed by index.
    private static func checkAll(postings: [ExportPosting], indices: [Int], jobs: Int?,
                                 progress: (@Sendable (Progress) -> Void)?,
                                 check: @escaping @Sendable (ExportPosting) -> AttachmentCheck.Outcome) async -> [(Int, AttachmentCheck.Outcome)] {
        guard !indices.isEmpty else { return [] }
        let width = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, indices.count))
        var results: [(Int, AttachmentCheck.Outcome)] = []
        results.reserveCapacity(indices.count)
        await withTaskGroup(of: (Int, AttachmentCheck.Outcome).self) { group in
            var next = 0
            func launch() {
                let index = indices[next]
                let posting = postings[index]
                next += 1
                group.addTask { (index, check(posting)) }
            }
            while next < width { launch() }
            while let result = await group.next() {
                results.append(result)
                if results.count % 16 == 0 || results.count == indices.count {
                    progress?(.checking(done: results.count, of: indices.count))
                }
                if next < indices.count { launch() }
            }
        }
        return results.sorted { $0.0 < $1.0 }
    }

    /// `ATTACHMENT_DUPLICATE`, by posting index, for every posting whose file (same real path, or
    /// same content) also serves another posting.
    private static func sharedFiles(outcomes: [(Int, AttachmentCheck.Outcome)], postings: [ExportPosting]) -> [Int: Finding] {
        var byPath: [String: [Int]] = [:]
        var byHash: [String: [Int]] = [:]
        for (index, outcome) in outcomes {
            if let path = outcome.resolvedPath { byPath[path, default: []].append(index) }
            if let hash = outcome.sha256 { byHash[hash, default: []].append(index) }
        }
        var sharing: [Int: Set<Int>] = [:]
        for group in Array(byPath.values) + Array(byHash.values) where group.count > 1 {
            for index in group { sharing[index, default: []].formUnion(group.filter { $0 != index }) }
        }
        var findings: [Int: Finding] = [:]
        for (index, others) in sharing {
            let names = others.sorted().prefix(5).map { postings[$0].postingNumber }
            let more = others.count > 5 ? " and \(others.count - 5) more" : ""
            findings[index] = Finding(
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

    public var description: String {
        switch self {
        case .export(let error): return error.description
        case let .attachments(folder, message): return "\(folder): cannot use as the attachments folder: \(message)"
        }
    }
}
