public import InvoiceModel

extension Finding {
    /// The warning for a character no embedded font draws, as `validate` and `render` print it.
    public static func glyphMissing(_ character: UncoveredCharacter) -> Finding {
        Finding(code: .glyphMissing, field: character.path,
                message: "\(character.codePoint) (\(Character(character.scalar))) is in none of the embedded fonts; "
                    + "the PDF prints it as an empty box and loses it from its text")
    }
}
