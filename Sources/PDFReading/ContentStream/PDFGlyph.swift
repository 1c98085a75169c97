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
    /// One of the characters of a code that stands for several: poppler never takes it for white space.
    var partOfLigature = false

    var top: Double { baseline - ascent * fontSize }
    var bottom: Double {
        let bottom = baseline - descent * fontSize
        // poppler's guard for a font without ascent and descent.
        return bottom == top ? top + 1 : bottom
    }
}
