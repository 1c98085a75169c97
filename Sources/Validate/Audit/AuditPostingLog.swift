import Foundation

/// The postings of an audit report, in export order, each written as it is decided in a
/// compact binary form, with the counts the summary needs kept as they come.
///
/// A report is rendered summary first, so its postings must be kept somewhere until the end;
/// kept as values, 160,000 failed postings' findings cost more than the 200 MB bound. Here they
/// cost their bytes: held in memory while the log is small, then spilled to an unlinked
/// temporary file (gone with the process, whatever happens), and read back a piece at a time
/// by each pass of a report writer.
///
/// Appended to only by the audit that makes it, before the report is handed out; read-only
/// after that (reads use `pread`, which shares no file position), hence `@unchecked Sendable`.
final class AuditPostingLog: @unchecked Sendable {
    /// Bytes held in memory before the log moves to a file, and the size of a write or read.
    static let pieceSize = 1 << 20

    private var buffer: [UInt8] = []
    /// The spill file, once there is one.
    private var descriptor: Int32 = -1
    private var fileBytes = 0
    /// False once spilling failed (no temporary folder, disk full): the log then stays in memory.
    private var canSpill = true

    private(set) var count = 0
    private(set) var ok = 0
    private(set) var failed = 0
    private(set) var skipped = 0
    private(set) var byCode: [String: Int] = [:]

    init() {}

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func append(_ posting: AuditReport.Posting) {
        count += 1
        switch posting.status {
        case .ok: ok += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        }
        for finding in posting.findings { byCode[finding.code.rawValue, default: 0] += 1 }
        var entry: [UInt8] = []
        Self.encode(posting, into: &entry)
        Self.putLength(entry.count, into: &buffer)
        buffer.append(contentsOf: entry)
        if buffer.count >= Self.pieceSize, canSpill { spill() }
    }

    /// Each posting in order; `body` returns false to stop early.
    func forEach(_ body: (AuditReport.Posting) -> Bool) {
        var reader = Reader(log: self)
        while let posting = reader.next() {
            if !body(posting) { return }
        }
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
        return out
    }

    // MARK: Spill file

    private func spill() {
        if descriptor < 0 {
            var template = Array((NSTemporaryDirectory() + "/faktura-audit-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { canSpill = false; return }
            // Unlinked at once: the bytes live until the descriptor is closed, never past the process.
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            descriptor = fd
        }
        var done = 0
        let ok = buffer.withUnsafeBytes { raw -> Bool in
            while done < raw.count {
                let n = pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(fileBytes + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        guard ok else {
            // What reached the file stays there; the rest stays in memory, and so does what follows.
            buffer.removeFirst(done)
            fileBytes += done
            canSpill = false
            return
        }
        fileBytes += done
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads the file part, then the memory part, a piece at a time.
    private struct Reader {
        let log: AuditPostingLog
        var piece: [UInt8] = []
        var at = 0
        var fileOffset = 0
        var memoryTaken = false

        init(log: AuditPostingLog) { self.log = log }

        /// Makes `n` bytes available at `at`; false at the end.
        mutating func ensure(_ n: Int) -> Bool {
            while piece.count - at < n {
                piece.removeFirst(at)
                at = 0
                if fileOffset < log.fileBytes {
                    let want = min(max(n - piece.count, AuditPostingLog.pieceSize), log.fileBytes - fileOffset)
                    let start = piece.count
                    piece.append(contentsOf: repeatElement(0, count: want))
                    var got = 0
                    piece.withUnsafeMutableBytes { raw in
                        while got < want {
                            let r = pread(log.descriptor, raw.baseAddress! + start + got, want - got, off_t(fileOffset + got))
                            if r < 0 && errno == EINTR { continue }
                            guard r > 0 else { break }
                            got += r
                        }
                    }
                    piece.removeLast(want - got)
                    fileOffset += got
                    if got == 0 { fileOffset = log.fileBytes }
                } else if !memoryTaken {
                    memoryTaken = true
                    piece.append(contentsOf: log.buffer)
                } else {
                    return false
                }
            }
            return true
        }

        mutating func next() -> AuditReport.Posting? {
            guard ensure(4) else { return nil }
            let length = Int(piece[at]) | Int(piece[at + 1]) << 8 | Int(piece[at + 2]) << 16 | Int(piece[at + 3]) << 24
            at += 4
            guard ensure(length) else { return nil }
            var decoder = EntryDecoder(bytes: piece, at: at)
            let posting = decoder.posting()
            at += length
            return posting
        }
    }

    // MARK: Entry encoding

    private static func putLength(_ n: Int, into out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: n))
        out.append(UInt8(truncatingIfNeeded: n >> 8))
        out.append(UInt8(truncatingIfNeeded: n >> 16))
        out.append(UInt8(truncatingIfNeeded: n >> 24))
    }

    private static func putVarint(_ n: Int, into out: inout [UInt8]) {
        var v = UInt64(bitPattern: Int64(n))
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func putString(_ text: String, into out: inout [UInt8]) {
        putVarint(text.utf8.count, into: &out)
        out.append(contentsOf: text.utf8)
    }

    private static let statuses: [AuditReport.Status] = [.ok, .failed, .skipped]
    private static let severities: [Severity] = Severity.allCases

    private static func encode(_ posting: AuditReport.Posting, into out: inout [UInt8]) {
        putString(posting.postingNumber, into: &out)
        out.append(UInt8(statuses.firstIndex(of: posting.status)!))
        putVarint(posting.line, into: &out)
        putString(posting.exportStatus, into: &out)
        putVarint(posting.findings.count, into: &out)
        for finding in posting.findings {
            putString(finding.code.rawValue, into: &out)
            out.append(UInt8(severities.firstIndex(of: finding.severity)!))
            if let field = finding.field {
                out.append(1)
                putString(field, into: &out)
            } else {
                out.append(0)
            }
            putString(finding.message, into: &out)
        }
    }

    /// Reads back what ``encode(_:into:)`` wrote (the log's own bytes: their shape is known).
    private struct EntryDecoder {
        let bytes: [UInt8]
        var at: Int

        mutating func byte() -> UInt8 {
            defer { at += 1 }
            return bytes[at]
        }

        mutating func varint() -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = byte()
                value |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int(Int64(bitPattern: value))
        }

        mutating func string() -> String {
            let n = varint()
            defer { at += n }
            return String(decoding: bytes[at..<at + n], as: UTF8.self)
        }

        mutating func posting() -> AuditReport.Posting {
            let number = string()
            let status = AuditPostingLog.statuses[Int(byte())]
            let line = varint()
            let exportStatus = string()
            let count = varint()
            var findings: [Finding] = []
            findings.reserveCapacity(count)
            for _ in 0..<count {
                let code = FindingCode(rawValue: string()) ?? .schema
                let severity = AuditPostingLog.severities[Int(byte())]
                let field: String? = byte() == 1 ? string() : nil
                findings.append(Finding(code: code, severity: severity, field: field, message: string()))
            }
            return AuditReport.Posting(postingNumber: number, status: status, findings: findings, line: line, exportStatus: exportStatus)
        }
    }
}
