public import Foundation

/// A fresh folder under the system's temporary folder for one test, removed when the value
/// goes away (or by ``remove()``). Set `FAKTURA_KEEP_DIR` to keep a copy of every file written.
public final class ScratchFolder: Sendable {
    public let url: URL

    /// - Parameter label: part of the folder's name, to tell tests' leftovers apart.
    public init(_ label: String = #function) {
        let name = "faktura-tests-\(label.filter { $0.isLetter || $0.isNumber }.prefix(40))-\(UUID().uuidString)"
        url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// A path inside the folder (nothing is created).
    public func path(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes a file (creating its sub-folders) and returns its URL.
    @discardableResult
    public func write(_ name: String, _ data: Data) -> URL {
        let file = path(name)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try data.write(to: file)
        } catch {
            preconditionFailure("cannot write the test file \(file.path): \(error)")
        }
        if let keep = ProcessInfo.processInfo.environment["FAKTURA_KEEP_DIR"] {
            try? data.write(to: URL(fileURLWithPath: keep).appendingPathComponent(file.lastPathComponent))
        }
        return file
    }

    /// Writes a UTF-8 text file and returns its URL.
    @discardableResult
    public func write(_ name: String, _ text: String) -> URL {
        write(name, Data(text.utf8))
    }

    /// Removes the folder and everything in it. (Archive objects are read-only files in
    /// writable folders, so removal works.)
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
