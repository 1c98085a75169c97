/// Why ``RegularFile`` refused or could not read a file; every case names the file.
public enum RegularFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing at that path.
    case missing(path: String)
    /// Not a regular file: `kind` says what it is (a symbolic link, a FIFO, a device, …).
    /// Such files are never read: a FIFO blocks, `/dev/zero` never ends, a link leads elsewhere.
    case notRegular(path: String, kind: String)
    /// Larger than the reader's budget.
    case tooLarge(path: String, size: Int64, maximum: Int64)
    /// The system refused to open or read it; `reason` is its message.
    case unreadable(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case let .missing(path), let .notRegular(path, _), let .tooLarge(path, _, _), let .unreadable(path, _): path
        }
    }

    /// The reason without the path, for messages that name the file themselves.
    public var reason: String {
        switch self {
        case .missing: "no such file"
        case let .notRegular(_, kind): "\(kind), not a regular file; it is not read"
        case let .tooLarge(_, size, maximum): "\(size) bytes is more than the \(maximum) bytes allowed"
        case let .unreadable(_, reason): reason
        }
    }

    public var description: String { "\(path): \(reason)" }
}
