/// Why a value is not a valid identifier of a scheme.
///
/// The cases follow the usual split of identifier checks: the value has the wrong
/// characters, the wrong length, a part that cannot exist (a region, a date), or a
/// check digit that does not match. Each carries a message a person can act on.
public enum IdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Characters the scheme does not allow; the message says which and where.
    case invalidFormat(String)
    /// Too short or too long; the message says what was expected and what was given.
    case invalidLength(String)
    /// The check digit (or character) does not match the rest of the value.
    case invalidChecksum(String)
    /// A part of the value that cannot exist, such as an impossible region or date.
    case invalidComponent(String)

    /// The finding code of docs/validation.md: `TAX_ID_CHECKSUM` for a failed check digit,
    /// `TAX_ID_FORMAT` for everything else.
    public var findingCode: String {
        switch self {
        case .invalidChecksum: "TAX_ID_CHECKSUM"
        case .invalidFormat, .invalidLength, .invalidComponent: "TAX_ID_FORMAT"
        }
    }

    public var description: String {
        switch self {
        case .invalidFormat(let message), .invalidLength(let message),
             .invalidChecksum(let message), .invalidComponent(let message):
            message
        }
    }
}
