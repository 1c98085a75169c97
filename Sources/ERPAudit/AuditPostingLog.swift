import Foundation
import Findings

/// The postings of an audit report, in export order, each written as it is decided in a
/// compact binary form, with the counts the summary needs kept as they come.
///
/// A report is rendered summary first, so its postings must be kept somewhere until the end;
/// kept as values, 160,000 failed postings' findings cost more than the 200 MB bound. Here they
/// cost their bytes: held in a ``TemporarySpool`` (memory while the log is small, then an
/// unlinked temporary file) and read back a piece at a time by each pass of a report writer.
///
/// Appended to only by the audit that makes it, before the report is handed out; read-only
/// after that (the spool's reads share no file position), hence `@unchecked Sendable`.
final class AuditPostingLog: @unchecked Sendable {
    /// The size of a read.
    static let pieceSize = 1 << 20

    private let spool = TemporarySpool(purpose: "report")
    /// The first failure of the spool's file: later entries are not written, the report is
    /// incomplete, and ``AuditReport/write(as:summaryOnly:to:)`` throws it.
    private(set) var failure: TemporaryFileError?

    private(set) var count = 0
    private(set) var ok = 0
    private(set) var failed = 0
    private(set) var skipped = 0
    private(set) var byCode: [String: Int] = [:]

    init() {}

    func append(_ posting: AuditReport.Posting) {
        count += 1
        switch posting.status {
        case .ok: ok += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        }
        for finding in posting.findings { byCode[finding.code.rawValue, default: 0] += 1 }
        guard failure == nil else { return }
        var entry: [UInt8] = [0, 0, 0, 0]
        Self.encode(posting, into: &entry)
        let length = entry.count - 4
        for at in 0..<4 { entry[at] = UInt8(truncatingIfNeeded: length >> (8 * at)) }
        do {
            try spool.append(entry)
        } catch {
            failure = error
        }
    }

    /// Each posting in order; `body` returns false to stop early.
    func forEach(_ body: (AuditReport.Posting) -> Bool) {
        var reader = Reader(log: self)
        while let posting = reader.next() {
            if !body(posting) { return }
        }
        if let failed = reader.failure, failure == nil { failure = failed }
    }

    /// All postings as values (for small reports and for callers that want an array).
    var postings: [AuditReport.Posting] {
        var all: [AuditReport.Posting] = []
        all.reserveCapacity(count)
        forEach { all.append($0); return true }
        return all
    }

    /// A new log holding each posting as `transform` gives it (index in export order).
    func rewritten(_ transform: (Int, AuditReport.Posting) -> AuditReport.Posting) -> AuditPostingLog {
        let out = AuditPostingLog()
        var index = 0
        forEach { posting in
            out.append(transform(index, posting))
            index += 1
            return true
        }
        if out.failure == nil { out.failure = failure }
        return out
    }

    /// A new log holding this log's postings, except those at `replaced` indices (export order),
    /// which are taken in turn from `other`; then the rest of `other`. (The postings checked as
    /// their rows ended, merged with those checked again, and after them, from the spool.)
    func merged(replacing replaced: Set<Int>, with other: AuditPostingLog) -> AuditPostingLog {
        let out = AuditPostingLog()
        var theirs = Reader(log: other)
        var index = 0
        forEach { posting in
            if replaced.contains(index), let replacement = theirs.next() {
                out.append(replacement)
            } else {
                out.append(posting)
            }
            index += 1
            return true
        }
        while let posting = theirs.next() { out.append(posting) }
        if out.failure == nil { out.failure = failure ?? other.failure ?? theirs.failure }
        return out
    }

    /// Reads the spool a piece at a time.
    private struct Reader {
        let log: AuditPostingLog
        var piece: [UInt8] = []
        var at = 0
        var offset = 0
        var failure: TemporaryFileError?

        init(log: AuditPostingLog) { self.log = log }

        /// Makes `n` bytes available at `at`; false at the end (or when the spool cannot be read).
        mutating func ensure(_ n: Int) -> Bool {
            guard piece.count - at < n else { return true }
            piece.removeFirst(at)
            at = 0
            let want = min(max(n - piece.count, AuditPostingLog.pieceSize), log.spool.count - offset)
            guard want > 0, failure == nil else { return false }
            do {
                try log.spool.read(at: offset, length: want, into: &piece)
            } catch {
                failure = error
                return false
            }
            offset += want
            return piece.count >= n
        }

        mutating func next() -> AuditReport.Posting? {
            guard ensure(4) else { return nil }
            let length = SpoolCoding.length(piece, at: at)
            at += 4
            guard ensure(length) else { return nil }
            var decoder = SpoolCoding.Decoder(bytes: piece, at: at)
            let posting = AuditPostingLog.decode(&decoder)
            at += length
            return posting
        }
    }

    // MARK: Entry encoding

    private static let statuses: [AuditReport.Status] = [.ok, .failed, .skipped]
    private static let severities: [Severity] = Severity.allCases

    private static func encode(_ posting: AuditReport.Posting, into out: inout [UInt8]) {
        SpoolCoding.putString(posting.postingNumber, into: &out)
        out.append(UInt8(statuses.firstIndex(of: posting.status)!))
        SpoolCoding.putVarint(posting.line, into: &out)
        SpoolCoding.putString(posting.exportStatus, into: &out)
        SpoolCoding.putVarint(posting.findings.count, into: &out)
        for finding in posting.findings {
            SpoolCoding.putString(finding.code.rawValue, into: &out)
            out.append(UInt8(severities.firstIndex(of: finding.severity)!))
            if let field = finding.field {
                out.append(1)
                putPath(field, into: &out)
            } else {
                out.append(0)
            }
            SpoolCoding.putString(finding.message, into: &out)
            if let text = finding.text {
                out.append(1)
                SpoolCoding.putText(text, into: &out)
            } else {
                out.append(0)
            }
        }
    }

    /// A finding's path by its components (a tag byte each: key, index, line, label), so that
    /// the spool gives back the typed path, not its text.
    private static func putPath(_ path: FieldPath, into out: inout [UInt8]) {
        SpoolCoding.putVarint(path.components.count, into: &out)
        for component in path.components {
            switch component {
            case .key(let name): out.append(0); SpoolCoding.putString(name, into: &out)
            case .index(let index): out.append(1); SpoolCoding.putVarint(index, into: &out)
            case .line(let number): out.append(2); SpoolCoding.putVarint(number, into: &out)
            case .label(let text): out.append(3); SpoolCoding.putString(text, into: &out)
            }
        }
    }

    /// Reads back what ``putPath(_:into:)`` wrote.
    private static func path(_ decoder: inout SpoolCoding.Decoder) -> FieldPath {
        let count = decoder.varint()
        var components: [FieldPath.Component] = []
        components.reserveCapacity(count)
        for _ in 0..<count {
            switch decoder.byte() {
            case 0: components.append(.key(decoder.string()))
            case 1: components.append(.index(decoder.varint()))
            case 2: components.append(.line(decoder.varint()))
            default: components.append(.label(decoder.string()))
            }
        }
        return FieldPath(components)
    }

    /// Reads back what ``encode(_:into:)`` wrote.
    private static func decode(_ decoder: inout SpoolCoding.Decoder) -> AuditReport.Posting {
        let number = decoder.string()
        let status = statuses[Int(decoder.byte())]
        let line = decoder.varint()
        let exportStatus = decoder.string()
        let count = decoder.varint()
        var findings: [Finding] = []
        findings.reserveCapacity(count)
        for _ in 0..<count {
            let code = FindingCode(rawValue: decoder.string()) ?? .schema
            let severity = severities[Int(decoder.byte())]
            let field: FieldPath? = decoder.byte() == 1 ? path(&decoder) : nil
            var finding = Finding(code: code, severity: severity, field: field, message: decoder.string())
            if decoder.byte() == 1 { finding.text = SpoolCoding.text(&decoder) }
            findings.append(finding)
        }
        return AuditReport.Posting(postingNumber: number, status: status, findings: findings, line: line, exportStatus: exportStatus)
    }
}
