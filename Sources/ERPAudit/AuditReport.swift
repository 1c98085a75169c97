public import Findings

/// The result of auditing an export (docs/audit.md JSON shape plus `tool`).
public struct AuditReport: Codable, Sendable, Hashable {
    public struct Summary: Codable, Sendable, Hashable {
        /// Rows read, malformed ones included.
        public var records: Int
        /// Postings found; `postings = ok + failed + skipped`.
        public var postings: Int
        public var ok: Int
        public var failed: Int
        public var skipped: Int
        public var malformedRows: Int
        /// Findings per code, all severities (rows no posting could claim included).
        public var byCode: [String: Int]

        enum CodingKeys: String, CodingKey { case records, postings, ok, failed, skipped, malformedRows, byCode }

        struct CodeKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        // byCode in code order, so that the same audit gives the same bytes.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(records, forKey: .records)
            try c.encode(postings, forKey: .postings)
            try c.encode(ok, forKey: .ok)
            try c.encode(failed, forKey: .failed)
            try c.encode(skipped, forKey: .skipped)
            try c.encode(malformedRows, forKey: .malformedRows)
            var codes = c.nestedContainer(keyedBy: CodeKey.self, forKey: .byCode)
            for (code, count) in byCode.sorted(by: { $0.key < $1.key }) {
                try codes.encode(count, forKey: CodeKey(stringValue: code))
            }
        }
    }

    public enum Status: String, Codable, Sendable, Hashable {
        case ok, failed, skipped
    }

    /// The verdict on one posting.
    public struct Posting: Codable, Sendable, Hashable {
        public var postingNumber: String
        public var status: Status
        public var findings: [Finding]
        /// The physical line of its first row (not in the JSON: docs/audit.md fixes the shape).
        public var line: Int
        /// The posting's status in the export (`awaiting_packaging`), for the tables.
        public var exportStatus: String

        enum CodingKeys: String, CodingKey { case postingNumber, status, findings }

        public init(postingNumber: String, status: Status, findings: [Finding], line: Int, exportStatus: String) {
            self.postingNumber = postingNumber
            self.status = status
            self.findings = findings
            self.line = line
            self.exportStatus = exportStatus
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            postingNumber = try c.decode(String.self, forKey: .postingNumber)
            status = try c.decode(Status.self, forKey: .status)
            findings = try c.decode([Finding].self, forKey: .findings)
            line = 0
            exportStatus = ""
        }
    }

    public var tool: ReportTool
    /// The export audited, as given.
    public var export: String
    public var summary: Summary
    /// The postings, written as they were decided; the report formats read them a piece at a time.
    let log: AuditPostingLog
    /// `ROW_MALFORMED` findings of rows that no posting could claim (no readable posting number).
    public var unreadableRows: [Finding]
    /// Where the export's header row is and which rows above it were read as a title (CSV and
    /// XLSX exports); nil for JSON and XML exports.
    public var headerRow: ExportHeaderRow?
    /// The language the text, HTML and JUnit forms are written in (English when nil), and of the
    /// findings' `localized` member in the JSON form (none when nil). Not part of the report's data.
    public var language: Language?

    /// In first-seen order, as values (the whole list in memory: the report formats do not use it).
    public var postings: [Posting] { log.postings }

    enum CodingKeys: String, CodingKey { case tool, export, headerRow, summary, postings, unreadableRows }

    public init(tool: ReportTool, export: String, records: Int, malformedRows: Int,
                postings: [Posting], unreadableRows: [Finding], headerRow: ExportHeaderRow? = nil) {
        let log = AuditPostingLog()
        for posting in postings { log.append(posting) }
        self.init(tool: tool, export: export, records: records, malformedRows: malformedRows, log: log,
                  unreadableRows: unreadableRows, headerRow: headerRow)
    }

    /// The report of the postings in `log`; the summary is made of the log's counts.
    init(tool: ReportTool, export: String, records: Int, malformedRows: Int, log: AuditPostingLog, unreadableRows: [Finding],
         headerRow: ExportHeaderRow? = nil) {
        self.tool = tool
        self.export = export
        self.log = log
        self.unreadableRows = unreadableRows
        self.headerRow = headerRow
        var byCode = log.byCode
        for finding in unreadableRows { byCode[finding.code.rawValue, default: 0] += 1 }
        summary = Summary(records: records, postings: log.count, ok: log.ok, failed: log.failed, skipped: log.skipped,
                          malformedRows: malformedRows, byCode: byCode)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let log = AuditPostingLog()
        for posting in try c.decode([Posting].self, forKey: .postings) { log.append(posting) }
        tool = try c.decode(ReportTool.self, forKey: .tool)
        export = try c.decode(String.self, forKey: .export)
        summary = try c.decode(Summary.self, forKey: .summary)
        unreadableRows = try c.decode([Finding].self, forKey: .unreadableRows)
        headerRow = try c.decodeIfPresent(ExportHeaderRow.self, forKey: .headerRow)
        self.log = log
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tool, forKey: .tool)
        try c.encode(export, forKey: .export)
        try c.encodeIfPresent(headerRow, forKey: .headerRow)
        try c.encode(summary, forKey: .summary)
        try c.encode(postings, forKey: .postings)
        try c.encode(unreadableRows, forKey: .unreadableRows)
    }

    public static func == (a: AuditReport, b: AuditReport) -> Bool {
        a.tool == b.tool && a.export == b.export && a.summary == b.summary && a.unreadableRows == b.unreadableRows
            && a.headerRow == b.headerRow && a.postings == b.postings
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(tool)
        hasher.combine(export)
        hasher.combine(summary)
    }

    /// Exit status 1: some posting failed or some row could not be read.
    public var hasFailures: Bool { summary.failed > 0 || !unreadableRows.isEmpty }

    /// Postings failed first (in export order), then ok, then skipped: the order people read.
    public var postingsFailuresFirst: [Posting] {
        let all = postings
        return all.filter { $0.status == .failed } + all.filter { $0.status == .ok } + all.filter { $0.status == .skipped }
    }

    /// Each posting of one status, in export order, for the report writers.
    func forEachPosting(_ status: Status? = nil, _ body: (Posting) -> Void) {
        log.forEach { posting in
            if status == nil || posting.status == status { body(posting) }
            return true
        }
    }
}
