public import Foundation

/// Why an archive operation could not run. Each case names the file or store involved and
/// says what to do; problems *found* in a store are ``ArchiveProblem``s, not errors.
public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The store folder could not be created or opened.
    case storeUnavailable(path: String, reason: String)
    /// The SQLite index could not be read or written.
    case index(path: String, reason: String)
    /// A file could not be read.
    case unreadable(path: String, reason: String)
    /// A file could not be written.
    case unwritable(path: String, reason: String)
    /// The input is not what the command needs (not a PDF, no posting number, ...).
    case invalidInput(path: String, reason: String)
    /// No entry of the archive belongs to this posting.
    case unknownPosting(String)
    /// The output file exists and `--force` was not given.
    case outputExists(path: String)
    /// Export refused: the posting's archived evidence failed verification.
    case damagedEvidence(posting: String, problems: [ArchiveProblem])
    /// Export found stored content that does not match its hash.
    case contentMismatch(path: String, expected: String, actual: String)
    /// A tenant name that is not one (see ``TenantName``).
    case invalidTenant(String, reason: String)
    /// The archive database could not be reached or refused the work. `server` names the
    /// database as `postgres://user@host:port/db`, never with the password.
    case database(server: String, reason: String)

    public var description: String {
        switch self {
        case .storeUnavailable(let path, let reason):
            "archive store \(path): \(reason)"
        case .index(let path, let reason):
            "archive index \(path): \(reason)"
        case .unreadable(let path, let reason):
            "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason):
            "\(path): cannot write: \(reason)"
        case .invalidInput(let path, let reason):
            "\(path): \(reason)"
        case .unknownPosting(let posting):
            "posting \(posting) has no entry in the archive (see 'faktura archive add')"
        case .outputExists(let path):
            "\(path) exists; give --force to replace it"
        case .damagedEvidence(let posting, let problems):
            "the archived evidence of posting \(posting) is damaged, so no bundle was made:\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
                + "\nrun 'faktura archive verify' for the whole store"
        case .contentMismatch(let path, let expected, let actual):
            "\(path): stored content has SHA-256 \(actual), the index records \(expected); run 'faktura archive verify'"
        case .invalidTenant(let name, let reason):
            "tenant '\(name.prefix(80))': \(reason)"
        case .database(let server, let reason):
            "archive database \(server): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// The text of the last C library error (`errno`).
func systemErrorText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
