public import InvoiceModel

extension Finding {
    /// The warning for a character no embedded font draws, as `validate` and `render` print it.
    public static func glyphMissing(_ character: UncoveredCharacter) -> Finding {
        Finding(code: .glyphMissing, field: FieldPath(text: character.path), key: "glyph.missing",
                ["codePoint": .data(character.codePoint), "character": .data(String(Character(character.scalar)))])
    }
}
