import Foundation
import InvoiceModel

/// The messages of the mailboxes a user names, one at a time: `.eml` files, mbox files,
/// Maildirs (`cur/` and `new/`) and folders of `.eml` files (searched recursively, in name
/// order, so a report lists messages the same way every run).
struct Mailbox {
    private enum Source {
        case single(URL)
        case mbox(URL)
    }

    private var sources: [Source] = []
    private var current: MboxReader?
    private let budget: MIMEBudget

    init(paths: [String], budget: MIMEBudget) throws(MailError) {
        self.budget = budget
        for path in paths {
            // A path the user names may be a symbolic link; files found inside folders may not.
            let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw .mailbox(path: path, reason: "no such file or folder")
            }
            if isFolder.boolValue {
                sources += try Self.folderSources(url)
            } else {
                sources.append(Self.fileSource(url))
            }
        }
        sources.reverse()
    }

    /// The next message of any source, or nil when all are read.
    mutating func next() throws(MailError) -> RawMessage? {
        while true {
            if current != nil {
                if let message = try current!.next() { return message }
                current = nil
            }
            guard let source = sources.popLast() else { return nil }
            switch source {
            case .mbox(let url):
                current = try MboxReader(url: url, messageLimit: budget.messageBytes)
            case .single(let url):
                return Self.readSingle(url, limit: budget.messageBytes)
            }
        }
    }

    /// The bytes of a message again, from where it was read.
    static func reread(_ location: MessageLocation, budget: MIMEBudget) throws(MailError) -> RawMessage {
        let url = URL(fileURLWithPath: location.file)
        guard let offset = location.offset, let length = location.length else {
            return readSingle(url, limit: budget.messageBytes)
        }
        var reader = try MboxReader(url: url, messageLimit: budget.messageBytes, range: (offset, length),
                                    firstIndex: (location.index ?? 1) - 1)
        guard let message = try reader.next() else {
            throw .mailbox(path: location.file, reason: "the message at byte \(offset) is no longer there")
        }
        return message
    }

    /// One message file, opened as a regular file only (never a FIFO, a device or a link).
    private static func readSingle(_ url: URL, limit: Int) -> RawMessage {
        let location = MessageLocation(file: url.path)
        do {
            let file = try RegularFile(path: url.path, maximumBytes: Int64.max)
            if file.size > Int64(limit) { return RawMessage(location: location, bytes: Data(), oversizeBytes: Int(file.size)) }
            return RawMessage(location: location, bytes: try file.readToEnd())
        } catch {
            return RawMessage(location: location, bytes: Data(), unreadable: error.description)
        }
    }

    private static func fileSource(_ url: URL) -> Source {
        // Anything that cannot be opened as a regular file is read as a single message, which
        // then reports why it could not be read.
        guard let file = try? RegularFile(path: url.path, maximumBytes: Int64.max),
              let head = try? file.read(upTo: 5) else { return .single(url) }
        return MboxReader.looksLikeMbox(head) ? .mbox(url) : .single(url)
    }

    private static func folderSources(_ url: URL) throws(MailError) -> [Source] {
        let manager = FileManager.default
        let maildirParts = ["cur", "new"].map { url.appendingPathComponent($0) }
        if maildirParts.contains(where: { manager.fileExists(atPath: $0.path) }) {
            var sources: [Source] = []
            for part in maildirParts where manager.fileExists(atPath: part.path) {
                let names = (try? manager.contentsOfDirectory(atPath: part.path)) ?? []
                sources += names.filter { !$0.hasPrefix(".") }.sorted()
                    .map { .single(part.appendingPathComponent($0)) }
            }
            return sources
        }
        guard let walker = manager.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey],
                                              options: [.skipsHiddenFiles]) else {
            throw .mailbox(path: url.path, reason: "cannot list the folder")
        }
        var files: [URL] = []
        for case let file as URL in walker where file.pathExtension.lowercased() == "eml" || file.pathExtension.lowercased() == "mbox" {
            files.append(file)
        }
        return files.sorted { $0.path < $1.path }.map(fileSource)
    }
}
