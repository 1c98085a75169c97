/// Why a `--tokens` file cannot be used, naming the file and line.
public enum TokenFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    /// `line` 0: the file as a whole.
    case malformed(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): "\(file): cannot read the tokens file: \(reason)"
        case let .malformed(file, 0, reason): "\(file): \(reason)"
        case let .malformed(file, line, reason): "\(file):\(line): \(reason)"
        }
    }
}
