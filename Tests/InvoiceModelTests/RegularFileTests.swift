import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing

/// Files that are not regular files end the read at once with an error naming them: a FIFO
/// would block an ordinary open, `/dev/zero` would never end.
@Suite("Regular-file reads")
struct RegularFileTests {
    /// One per test (each test has its own suite value), removed with it.
    private let scratch = ScratchFolder()
    private var folder: URL { scratch.url }

    private func refusal(_ path: String, maximumBytes: Int64 = 1 << 20) -> RegularFileError? {
        do {
            _ = try RegularFile.contents(atPath: path, maximumBytes: maximumBytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func aSymbolicLinkToDevZeroIsRefusedWithoutFollowingIt() throws {
        let link = folder.appendingPathComponent("object").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/zero")
        let error = try #require(refusal(link))
        #expect(error == .notRegular(path: link, kind: "a symbolic link"))
        #expect(error.description == "\(link): a symbolic link, not a regular file; it is not read")
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let fifo = folder.appendingPathComponent("object").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(refusal(fifo) == .notRegular(path: fifo, kind: "a FIFO (named pipe)"))
    }

    @Test func devicesFoldersAndMissingFilesAreNamed() {
        #expect(refusal("/dev/zero") == .notRegular(path: "/dev/zero", kind: "a character device"))
        #expect(refusal(folder.path) == .notRegular(path: folder.path, kind: "a folder"))
        let missing = folder.appendingPathComponent("nothing").path
        #expect(refusal(missing) == .missing(path: missing))
    }

    @Test func aFileOverTheBudgetIsRefusedAndOneWithinIsReadWhole() throws {
        let file = folder.appendingPathComponent("data.bin")
        let bytes = Data((0..<3000).map { UInt8($0 % 251) })
        try bytes.write(to: file)
        #expect(refusal(file.path, maximumBytes: 2999) == .tooLarge(path: file.path, size: 3000, maximum: 2999))
        #expect(try RegularFile.contents(atPath: file.path, maximumBytes: 3000) == bytes)
    }
}
