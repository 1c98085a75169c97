import Testing
@testable import PDFReading

/// poppler's blocks decide how far a line runs: a word 1.2 font sizes right of a line's last
/// word shares its line only when the block has grown under it.
@Suite("poppler's lines from its blocks")
struct PopplerLineLayoutTests {
    /// A word of `length` characters at 10 pt from `x0` to `x1` on base line `base`.
    static func word(_ x0: Double, _ x1: Double, base: Double, length: Int = 1) -> PopplerLineLayout.Word {
        PopplerLineLayout.Word(xMin: x0, xMax: x1, yMin: base - 9, yMax: base + 2, base: base, fontSize: 10, length: length)
    }

    @Test func aWordPastTheColumnGapJoinsOnlyAGrownBlock() throws {
        // "1" and "2" a point apart, "3" 12 points (1.2 font sizes) further: its own block.
        let alone = [Self.word(0, 5, base: 100), Self.word(6, 11, base: 100), Self.word(23, 28, base: 100)]
        let apart = try #require(PopplerLineLayout(words: alone) { _, _ in false })
        #expect(apart.lines == [[0, 1], [2]])
        // A wide word on the line below widens the block to x = 30: "3" is then within 0.7 font
        // sizes of it, joins the block, and the line runs on to it (1.5 font sizes at most).
        let grown = alone + [Self.word(0, 30, base: 112, length: 6)]
        let joined = try #require(PopplerLineLayout(words: grown) { _, _ in false })
        #expect(joined.lines == [[0, 1, 2], [3]])
        #expect(joined.lineOfWord == [0, 0, 0, 1])
    }

    @Test func aWordDrawnTwiceInABlockLeavesTheLayoutUnknown() {
        let bold = [Self.word(0, 30, base: 100, length: 5), Self.word(0.3, 30.3, base: 100, length: 5)]
        #expect(PopplerLineLayout(words: bold) { _, _ in true } == nil)
        #expect(PopplerLineLayout(words: bold) { _, _ in false } != nil)
    }

    /// A hostile page of words drawn at one place is not compared pair by pair without end:
    /// past the budget of comparisons its layout is unknown (the reader leaves it to poppler).
    @Test func wordsPiledAtOnePlaceStopTheDuplicateSearch() {
        let few = [PopplerLineLayout.Word](repeating: Self.word(0, 30, base: 100, length: 5), count: 400)
        #expect(PopplerLineLayout(words: few) { _, _ in false } != nil)
        let many = [PopplerLineLayout.Word](repeating: Self.word(0, 30, base: 100, length: 5), count: 500)
        #expect(PopplerLineLayout(words: many) { _, _ in false } == nil)
    }
}
