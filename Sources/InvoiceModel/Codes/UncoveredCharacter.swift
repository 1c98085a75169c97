/// A character no embedded font draws, and the place in the invoice where it is.
public struct UncoveredCharacter: Sendable, Hashable, CustomStringConvertible {
    public let scalar: Unicode.Scalar
    /// Where it is, as findings name places: `lines[0].name`, `seller.address`.
    public let path: String

    public init(scalar: Unicode.Scalar, path: String) {
        self.scalar = scalar
        self.path = path
    }

    /// `U+1F680`.
    public var codePoint: String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    public var description: String { "\(codePoint) (\(Character(scalar))) in \(path)" }
}
