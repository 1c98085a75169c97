public import Findings

/// Why a mail scan could not run at all (exit status 2). Problems of single messages are
/// findings in the report instead.
public enum MailError: CatalogueTextError, Sendable, Hashable, CustomStringConvertible {
    /// A mailbox path that is not there or cannot be read.
    case mailbox(path: String, reason: String)
    /// libopendkim or the key file.
    case dkim(String)
    /// The `--extract` folder or the amended export cannot be written.
    case extract(path: String, reason: String)
    /// The export given with `--export`.
    case export(String)
    /// The evidence store given with `--archive`.
    case archive(String)

    public var description: String {
        switch self {
        case let .mailbox(path, reason): "\(path): \(reason)"
        case .dkim(let reason): "DKIM: \(reason)"
        case let .extract(path, reason): "\(path): \(reason)"
        case .export(let reason): reason
        case .archive(let reason): "archive: \(reason)"
        }
    }

    /// The error as a catalogue text: its frame in the reader's language, the detail (a system
    /// or library's words, or the path) as it came.
    public var text: MessageText {
        switch self {
        case let .mailbox(path, reason), let .extract(path, reason):
            MessageText("mail.error.path", ["path": .data(path), "englishDetail": .data(reason)])
        case .dkim(let reason): MessageText("mail.error.dkim", ["englishDetail": .data(reason)])
        case .export(let reason): MessageText("mail.error.export", ["englishDetail": .data(reason)])
        case .archive(let reason): MessageText("mail.error.archive", ["englishDetail": .data(reason)])
        }
    }
}
