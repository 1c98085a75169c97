import InvoiceModel
public import Findings

/// The verdict on one document.
public struct DocumentReport: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case ok, failed
    }

    /// The path as given (or `-` for standard input).
    public var file: String
    public var status: Status
    public var findings: [Finding]

    /// Status follows the findings: `failed` when any is an error (or, with `strict`, a warning).
    public init(file: String, findings: [Finding], strict: Bool = false) {
        self.file = file
        self.findings = findings
        self.status = DocumentReport.fails(findings, strict: strict) ? .failed : .ok
    }

    static func fails(_ findings: [Finding], strict: Bool) -> Bool {
        findings.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }

    /// Same findings judged again, e.g. under `--strict`.
    public func judged(strict: Bool) -> DocumentReport {
        DocumentReport(file: file, findings: findings, strict: strict)
    }
}

/// The report of `faktura validate` (docs/validation.md plus `tool`).
public struct ValidationReport: Codable, Sendable, Hashable {
    public struct Summary: Codable, Sendable, Hashable {
        public var documents: Int
        public var ok: Int
        public var failed: Int
        /// How many findings of each code, all severities.
        public var byCode: [String: Int]
    }

    public var tool: ReportTool
    public var summary: Summary
    public var documents: [DocumentReport]

    public init(tool: ReportTool, documents: [DocumentReport]) {
        self.tool = tool
        self.documents = documents
        var byCode: [String: Int] = [:]
        for document in documents {
            for finding in document.findings { byCode[finding.code.rawValue, default: 0] += 1 }
        }
        let failed = documents.count { $0.status == .failed }
        self.summary = Summary(documents: documents.count, ok: documents.count - failed, failed: failed, byCode: byCode)
    }

    /// True when some document failed (exit status 1).
    public var hasFailures: Bool { summary.failed > 0 }
}
