/// One shown character in poppler's page space (origin top left, y down): where its origin
/// stands, its advance (without character and word spacing), its font size and the font's
/// ascent and descent, from which poppler draws its box.
struct PDFGlyph: Sendable {
    var scalar: Unicode.Scalar
    var x: Double
    var baseline: Double
    var advance: Double
    var fontSize: Double
    var ascent: Double
    var descent: Double
    var role = Role.character

    /// What poppler makes of the glyph.
    enum Role: Sendable {
        /// A character of its own (white space ends a word, NUL is dropped).
        case character
        /// One of the characters of a code (a ligature) or an `/ActualText` that stands for
        /// several: poppler never takes it for white space.
        case partOfSeveral
        /// An empty `/ActualText`: no character, but poppler ends the word before it where its
        /// place would.
        case wordBreakProbe
    }

    var top: Double { baseline - ascent * fontSize }
    var bottom: Double {
        let bottom = baseline - descent * fontSize
        // poppler's guard for a font without ascent and descent.
        return bottom == top ? top + 1 : bottom
    }
}
