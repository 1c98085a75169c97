public import Findings
public import Foundation

/// Why an archive operation could not run. Each case names the file or store involved and
/// says what to do; problems *found* in a store are ``ArchiveProblem``s, not errors.
public enum ArchiveError: CatalogueTextError, Sendable, Equatable, CustomStringConvertible, LocalizedError {
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

    public var description: String { text.english }

    /// The error in the reader's language (`archive.error.*`): the paths, postings and hashes as
    /// they are, and the reason a library or the system gave quoted as it came.
    public var text: MessageText {
        switch self {
        case .storeUnavailable(let path, let reason):
            MessageText("archive.error.storeUnavailable", ["path": .data(path), "englishDetail": .data(reason)])
        case .index(let path, let reason):
            MessageText("archive.error.index", ["path": .data(path), "englishDetail": .data(reason)])
        case .unreadable(let path, let reason):
            MessageText("archive.error.unreadable", ["path": .data(path), "englishDetail": .data(reason)])
        case .unwritable(let path, let reason):
            MessageText("archive.error.unwritable", ["path": .data(path), "englishDetail": .data(reason)])
        case .invalidInput(let path, let reason):
            MessageText("archive.error.invalidInput", ["path": .data(path), "englishDetail": .data(reason)])
        case .unknownPosting(let posting):
            MessageText("archive.error.unknownPosting", ["posting": .data(posting)])
        case .outputExists(let path):
            MessageText("archive.error.outputExists", ["path": .data(path)])
        case .damagedEvidence(let posting, let problems):
            MessageText("archive.error.damagedEvidence", [
                "posting": .data(posting), "englishDetail": .data(problems.map { "  \($0)" }.joined(separator: "\n")),
            ])
        case .contentMismatch(let path, let expected, let actual):
            MessageText("archive.error.contentMismatch", ["path": .data(path), "expected": .data(expected), "actual": .data(actual)])
        case .invalidTenant(let name, let reason):
            MessageText("archive.error.invalidTenant", ["name": .data(String(name.prefix(80))), "englishDetail": .data(reason)])
        case .database(let server, let reason):
            MessageText("archive.error.database", ["server": .data(server), "englishDetail": .data(reason)])
        }
    }

    public var errorDescription: String? { description }
}

/// The text of the last C library error (`errno`).
func systemErrorText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
