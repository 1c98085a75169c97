import Foundation
import SystemIO

/// Bytes appended in order and read back from any offset: held in memory while they are few,
/// then moved to an unlinked temporary file, so that what an audit must keep until its end
/// (the export's rows, the report's entries) costs disk, not memory.
///
/// The file is unlinked as soon as it is made: its bytes live until the spool is released and
/// never outlive the process. A file that cannot be made, written or read is an error naming
/// it — nothing is silently kept in memory instead (that is what the spool is there to bound).
///
/// Written only by the one task that makes it; read with `pread`, which shares no file
/// position, so a finished spool may be read from anywhere, hence `@unchecked Sendable`.
final class TemporarySpool: @unchecked Sendable {
    /// Bytes held in memory before they move to the file, and the size of a write.
    static let memoryLimit = 1 << 20

    /// What the spool holds, for the file's name and messages ("rows", "report").
    let purpose: String
    /// Bytes from ``fileBytes`` on, not yet in the file.
    private var buffer: [UInt8] = []
    private var descriptor: Int32 = -1
    private var fileBytes = 0
    /// The file's path (unlinked), for messages.
    private(set) var path: String?

    /// Where the file is made: the system's temporary folder (`TMPDIR`) unless given.
    let directory: String

    init(purpose: String, directory: String = NSTemporaryDirectory()) {
        self.purpose = purpose
        self.directory = directory
        buffer.reserveCapacity(Self.memoryLimit + 4096)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Bytes appended so far.
    var count: Int { fileBytes + buffer.count }

    /// Appends `bytes`; returns the offset they start at.
    @discardableResult
    func append(_ bytes: some Collection<UInt8>) throws(TemporaryFileError) -> Int {
        let offset = count
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.memoryLimit { try spill() }
        return offset
    }

    /// Copies `length` bytes from `offset` to the end of `out`.
    func read(at offset: Int, length: Int, into out: inout [UInt8]) throws(TemporaryFileError) {
        precondition(offset >= 0 && length >= 0 && offset + length <= count, "a read inside what was appended")
        var offset = offset, length = length
        if offset < fileBytes {
            let fromFile = min(length, fileBytes - offset)
            do throws(SystemCallError) {
                // The file holds every byte before `fileBytes`: ending early is an I/O error.
                guard let bytes = try DescriptorIO.read(from: descriptor, exactly: fromFile, at: Int64(offset)) else {
                    throw SystemCallError(code: EIO)
                }
                out += bytes
            } catch {
                throw TemporaryFileError(path: path ?? "", purpose: purpose, action: "read", reason: Self.describe(error.code))
            }
            offset += fromFile
            length -= fromFile
        }
        if length > 0 {
            out.append(contentsOf: buffer[(offset - fileBytes)..<(offset - fileBytes + length)])
        }
    }

    /// Writes the memory part to the file, making the file first if there is none.
    private func spill() throws(TemporaryFileError) {
        if descriptor < 0 {
            let template = URL(fileURLWithPath: directory).appendingPathComponent("faktura-audit-\(purpose)-XXXXXX").path
            var name = Array(template.utf8CString)
            let fd = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else {
                throw TemporaryFileError(path: template, purpose: purpose, action: "create", reason: Self.describe(errno))
            }
            // Unlinked at once: the bytes live until the descriptor is closed, never past the process.
            name.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            descriptor = fd
            path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        do {
            try DescriptorIO.write(buffer, to: descriptor, at: Int64(fileBytes))
        } catch {
            throw TemporaryFileError(path: path ?? "", purpose: purpose, action: "write", reason: Self.describe(error.code))
        }
        fileBytes += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
