import Findings
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder attachments must live in. A name from the export is resolved inside it; a
/// name that leaves it (`../../etc/passwd`, `/etc/passwd`, a symbolic link pointing outside)
/// is refused without the file ever being opened.
struct AttachmentFolder: Sendable {
    /// The folder's real path (symbolic links resolved), without a trailing slash.
    let root: String

    enum Resolution: Equatable {
        /// The real path of a file inside the folder.
        case inside(String)
        /// Nothing there (or a dangling link); the reason says what is there.
        case missing(MessageText)
        /// The name leaves the folder; the reason says how.
        case refused(MessageText)
    }

    init(url: URL) throws(AuditError) {
        guard let real = Self.realPath(url.path) else {
            throw .attachments(folder: url.path, message: "no such folder")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .attachments(folder: url.path, message: "not a folder")
        }
        root = real == "/" ? "" : real
    }

    func resolve(_ name: String) -> Resolution {
        // ERPs on Windows write `pdf\a.pdf`.
        let path = name.replacingOccurrences(of: "\\", with: "/")
        if path.contains("\0") { return .refused(MessageText("attachment.reason.nul")) }
        if path.hasPrefix("/") || path.hasPrefix("~") || Self.hasDriveLetter(path) {
            return .refused(MessageText("attachment.reason.absolute"))
        }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return .refused(MessageText("attachment.reason.climbsOut")) }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        guard !parts.isEmpty else { return .missing(MessageText("attachment.reason.folderItself")) }
        let candidate = root + "/" + parts.joined(separator: "/")
        guard let real = Self.realPath(candidate) else {
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: candidate)) != nil {
                return .missing(MessageText("attachment.reason.danglingLink"))
            }
            return .missing(MessageText("attachment.reason.noSuchFile"))
        }
        guard real.hasPrefix(root + "/") else {
            return .refused(MessageText("attachment.reason.linkOut"))
        }
        return .inside(real)
    }

    private static func hasDriveLetter(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars.prefix(2))
        return scalars.count == 2 && scalars[1] == ":" && scalars[0].properties.isAlphabetic
    }

    /// The path with every symbolic link resolved; nil when something on the way is missing.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
