import Foundation

/// An export opened for reading, from a file or from standard input (`-`), with its first
/// bytes read so that its format and encoding can be told from its content, whatever its name.
struct ExportInput {
    /// The path as given, or `-`.
    let path: String
    /// How the input is named in messages.
    let displayName: String
    let handle: FileHandle
    /// The first bytes: at least ``sampleBytes``, more while they hold too little non-ASCII
    /// text to judge an encoding (up to ``maxSampleBytes``).
    private(set) var head: [UInt8] = []
    /// True when `head` is the whole input.
    private(set) var atEnd = false

    static let sampleBytes = 64 * 1024
    static let maxSampleBytes = 4 << 20
    static let wantedNonASCII = 512

    init(path: String) throws(ExportReadError) {
        self.path = path
        if path == "-" {
            displayName = "standard input"
            handle = FileHandle.standardInput
        } else {
            displayName = path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(file: path, message: "no such file")
            }
            guard !isDirectory.boolValue else { throw .unreadable(file: path, message: "is a folder, not an export file") }
            do {
                handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            } catch {
                throw .unreadable(file: path, message: error.localizedDescription)
            }
        }
        try readHead()
    }

    private mutating func readHead() throws(ExportReadError) {
        var nonASCII = 0
        while !atEnd, head.count < Self.sampleBytes || (nonASCII < Self.wantedNonASCII && head.count < Self.maxSampleBytes) {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: Self.sampleBytes) ?? Data()
            } catch {
                throw .unreadable(file: displayName, message: error.localizedDescription)
            }
            if chunk.isEmpty { atEnd = true; break }
            nonASCII += chunk.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
            head.append(contentsOf: chunk)
            // Containers are never judged as text: the head is enough to tell them.
            if Self.isZIP(head) || Self.isOLE2(head) { break }
        }
    }

    static func isZIP(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// The compound-file header of a legacy `.xls` workbook.
    static func isOLE2(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    /// The format the bytes show: ZIP → XLSX, `{` or `[` → JSON, `<` → XML, anything else delimited text.
    func sniffFormat() throws(ExportReadError) -> ExportFormat {
        if Self.isZIP(head) { return .xlsx }
        if Self.isOLE2(head) {
            throw .unreadable(file: displayName, message: "this is a legacy Excel .xls workbook; save it as .xlsx (Excel Workbook) or CSV")
        }
        var bytes = head[...]
        for encoding in [ExportEncoding.utf8, .utf16LE, .utf16BE] where head.starts(with: encoding.byteOrderMark) {
            bytes = head.dropFirst(encoding.byteOrderMark.count)
        }
        // UTF-16 text has a zero byte beside each ASCII character: skip those too.
        for byte in bytes.prefix(4096) {
            switch byte {
            case 0x00, 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "["), UInt8(ascii: "{"): return .json
            case UInt8(ascii: "<"): return .xml
            default: return .csv
            }
        }
        return .csv
    }

    /// The text encoding: `given`, else detected from the head.
    func encoding(given: ExportEncoding?) throws(ExportReadError) -> ExportEncoding.Detection {
        if let given {
            let bom = head.starts(with: given.byteOrderMark) && !given.byteOrderMark.isEmpty ? given.byteOrderMark.count : 0
            return ExportEncoding.Detection(encoding: given, bomLength: bom)
        }
        switch ExportEncoding.detect(head: head, atEnd: atEnd) {
        case .success(let detection): return detection
        case .failure(let undecided): throw .undecidedEncoding(file: displayName, tried: undecided.tried)
        }
    }

    /// The input as a stream of UTF-8 chunks.
    func textSource(encoding given: ExportEncoding?) throws(ExportReadError) -> ChunkedFile {
        let detection = try encoding(given: given)
        return try ChunkedFile(handle: handle, path: displayName, head: head, encoding: detection.encoding,
                               skip: detection.bomLength)
    }

    /// All of the input in memory, refusing more than `limit` bytes.
    func allBytes(limit: Int) throws(ExportReadError) -> Data {
        var data = Data(head)
        while !atEnd {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw .unreadable(file: displayName, message: error.localizedDescription)
            }
            if chunk.isEmpty { break }
            data.append(chunk)
            if data.count > limit {
                throw .unreadable(file: displayName, message: "larger than \(limit >> 20) MiB, the limit for this format")
            }
        }
        return data
    }

    /// A file to open by path: the input itself, or standard input copied to a temporary file
    /// (a ZIP needs random access). The caller removes a temporary copy (`isTemporary`).
    func seekableFile(limit: Int) throws(ExportReadError) -> (url: URL, isTemporary: Bool) {
        if path != "-" { return (URL(fileURLWithPath: path), false) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-stdin-\(UUID().uuidString).xlsx")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let out = FileHandle(forWritingAtPath: url.path) else {
            throw .unreadable(file: displayName, message: "cannot create a temporary copy in \(url.deletingLastPathComponent().path)")
        }
        defer { try? out.close() }
        var total = head.count
        do {
            try out.write(contentsOf: head)
            var done = atEnd
            while !done {
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if chunk.isEmpty { done = true; continue }
                total += chunk.count
                guard total <= limit else {
                    try? FileManager.default.removeItem(at: url)
                    throw ExportReadError.unreadable(file: displayName, message: "larger than \(limit >> 20) MiB, the limit for a workbook")
                }
                try out.write(contentsOf: chunk)
            }
        } catch let error as ExportReadError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw .unreadable(file: displayName, message: error.localizedDescription)
        }
        return (url, true)
    }
}
