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
    /// In first-seen order.
    public var postings: [Posting]
    /// `ROW_MALFORMED` findings of rows that no posting could claim (no readable posting number).
    public var unreadableRows: [Finding]

    enum CodingKeys: String, CodingKey { case tool, export, summary, postings, unreadableRows }

    public init(tool: ReportTool, export: String, records: Int, malformedRows: Int,
                postings: [Posting], unreadableRows: [Finding]) {
        self.tool = tool
        self.export = export
        self.postings = postings
        self.unreadableRows = unreadableRows
        var byCode: [String: Int] = [:]
        // Counted in place: flattening every finding into one array would double a large report's peak.
        for posting in postings {
            for finding in posting.findings { byCode[finding.code.rawValue, default: 0] += 1 }
        }
        for finding in unreadableRows { byCode[finding.code.rawValue, default: 0] += 1 }
        summary = Summary(records: records, postings: postings.count,
                          ok: postings.count { $0.status == .ok },
                          failed: postings.count { $0.status == .failed },
                          skipped: postings.count { $0.status == .skipped },
                          malformedRows: malformedRows, byCode: byCode)
    }

    /// Exit status 1: some posting failed or some row could not be read.
    public var hasFailures: Bool { summary.failed > 0 || !unreadableRows.isEmpty }

    /// Postings failed first (in export order), then ok, then skipped: the order people read.
    public var postingsFailuresFirst: [Posting] {
        postings.filter { $0.status == .failed } + postings.filter { $0.status == .ok } + postings.filter { $0.status == .skipped }
    }
}
