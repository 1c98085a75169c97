/// The name of a tenant: who an archive belongs to. 1–64 characters of `A–Z a–z 0–9 _ -`,
/// so that it is safe as a folder name and in a database key. ``default`` is the tenant of
/// the CLI and of a server without tokens.
public struct TenantName: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The name as given.
    public let rawValue: String

    /// The tenant of the CLI and of a server without `--tokens`.
    public static let `default` = TenantName(unchecked: "default")

    /// The longest name accepted.
    public static let maximumLength = 64

    /// Checks a name; the error says what is wrong with it.
    public init(_ text: String) throws(ArchiveError) {
        guard !text.isEmpty, text.utf8.count <= Self.maximumLength else {
            throw .invalidTenant(text, reason: "a tenant name has 1 to \(Self.maximumLength) characters")
        }
        if let bad = text.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
            throw .invalidTenant(text, reason: "'\(bad.escaped(asASCII: true))' is not allowed; "
                + "use letters A–Z a–z, digits, '_' and '-'")
        }
        rawValue = text
    }

    private init(unchecked text: String) { rawValue = text }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    public var description: String { rawValue }

    public static func < (lhs: TenantName, rhs: TenantName) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
