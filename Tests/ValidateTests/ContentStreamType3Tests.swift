import FakturaTestSupport
import Foundation
import Testing
@testable import PDFReading

/// Type 3 fonts (Chromium draws fonts it cannot embed as one): poppler's text never runs their
/// glyph procedures, it takes the characters from the encoding or `ToUnicode`, the advances from
/// `/Widths` through the `/FontMatrix`, and guesses the font's scale from one character's width.
/// The direct reader gives exactly poppler's words and boxes, or declines.
@Suite("Content-stream reader: Type 3 fonts")
struct ContentStreamType3Tests {
    /// A one-page PDF showing `content` in a Type 3 font with `fontEntries` (its /FontMatrix,
    /// /Encoding, /FirstChar, /LastChar, /Widths...).
    static func type3PDF(content: String, fontEntries: String) -> Data {
        let glyph = "0 0 d0"
        // Object 8, named by the fonts that spell nothing: codes 1 and 2 are `X` and `Y`.
        let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T3 def 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <01> <0058> <02> <0059> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
        return HandMadePDF.document([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 600 800] /CharProcs << /a 7 0 R /b 7 0 R /m 7 0 R /g1 7 0 R /g2 7 0 R >> /FontDescriptor 6 0 R \(fontEntries) >>",
            "<< /Type /FontDescriptor /FontName /T3 /Flags 32 /Ascent 800 /Descent -200 /ItalicAngle 0 /StemV 80 /FontBBox [0 -200 600 800] >>",
            "<< /Length \(glyph.utf8.count) >>\nstream\n\(glyph)\nendstream",
            "<< /Length \(cmap.utf8.count) >>\nstream\n\(cmap)\nendstream",
        ])
    }

    /// A `ToUnicode` map is not needed where the glyph names spell the characters; `g1`/`g2` do not.
    static let lettersEncoding = "/Encoding << /Type /Encoding /Differences [97 /a /b] >>"

    /// Widths for codes 48...98: `zero` (StandardEncoding's) 560, `a` and `b` 500 and 450, the rest none.
    static let digitWidths: String = {
        var widths = [String](repeating: "0", count: 51)
        widths[0] = "560"
        widths[49] = "500"
        widths[50] = "450"
        return widths.joined(separator: " ")
    }()

    /// Fonts whose scale poppler guesses each of its ways: from `m` (its own or StandardEncoding's),
    /// from the first one-letter name, from the first named code with a width; a font matrix
    /// flipped upside down (Chromium's) and one at another scale.
    static let readableFonts: [(String, String)] = [
        ("an m in /Differences", "/FontMatrix [0.001 0 0 0.001 0 0] /Encoding << /Type /Encoding /Differences [97 /a /b 109 /m] >> /FirstChar 97 /LastChar 109 /Widths [500 450 0 0 0 0 0 0 0 0 0 0 700]"),
        ("StandardEncoding's m", "/FontMatrix [0.001 0 0 0.001 0 0] \(lettersEncoding) /FirstChar 97 /LastChar 109 /Widths [500 450 0 0 0 0 0 0 0 0 0 0 650]"),
        ("a letter only", "/FontMatrix [0.001 0 0 0.001 0 0] \(lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [520 450]"),
        ("glyph names that spell nothing", "/FontMatrix [0.00048828125 0 0 -0.00048828125 0 0] /Encoding << /Type /Encoding /Differences [1 /g1 /g2] >> /FirstChar 0 /LastChar 2 /Widths [0 1200 2048] /ToUnicode 8 0 R"),
        ("a scale from StandardEncoding's digit", "/FontMatrix [0.001 0 0 0.001 0 0] /Encoding << /Type /Encoding /Differences [97 /a /b] >> /FirstChar 48 /LastChar 98 /Widths [\(digitWidths)]"),
        ("StandardEncoding alone", "/FontMatrix [0.001 0 0 0.001 0 0] /FirstChar 97 /LastChar 98 /Widths [500 450]"),
        ("a flipped matrix at another scale", "/FontMatrix [0.002 0 0 -0.001 0 0] \(lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [250 300]"),
    ]

    @Test(arguments: readableFonts)
    func wordsAndBoxesArePopplers(_ label: String, _ fontEntries: String) throws {
        let codes = fontEntries.contains("/g1") ? "<01020102> Tj 30 0 Td <0201> Tj" : "(abba) Tj 30 0 Td (ba) Tj"
        let data = Self.type3PDF(content: "BT /F1 12 Tf 72 700 Td \(codes) ET", fontEntries: fontEntries)
        let pages = try PDFContentStreamReader.read(data)
        let poppler = try PDFReading.PDFDocument(data: data, source: label).pageTexts()
        #expect(pages[0].words.map(\.text) == poppler[0].words.map(\.text), "\(label)")
        #expect(!pages[0].words.isEmpty, "\(label)")
        for (fast, slow) in zip(pages[0].words, poppler[0].words) {
            #expect(abs(fast.x0 - slow.x0) < 0.01 && abs(fast.x1 - slow.x1) < 0.01, "\(label): \(fast) vs \(slow)")
            #expect(abs(fast.y0 - slow.y0) < 0.01 && abs(fast.y1 - slow.y1) < 0.01, "\(label): \(fast) vs \(slow)")
        }
    }

    /// What poppler reads its own way, or what this reader does not carry, declines.
    @Test func unusualType3FontsDecline() {
        let cases: [(String, String)] = [
            ("a skewed matrix", "/FontMatrix [0.001 0.0002 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [500 450]"),
            ("a mirrored advance", "/FontMatrix [-0.001 0 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [500 450]"),
            ("a short matrix", "/FontMatrix [0.001 0 0 0.001] \(Self.lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [500 450]"),
            ("no matrix", "\(Self.lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [500 450]"),
            ("a LastChar past a byte", "/FontMatrix [0.001 0 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 97 /LastChar 300 /Widths [500 450]"),
            ("a fractional FirstChar", "/FontMatrix [0.001 0 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 96.5 /LastChar 98 /Widths [0 500 450]"),
            ("a base encoding", "/FontMatrix [0.001 0 0 0.001 0 0] /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [97 /a /b] >> /FirstChar 97 /LastChar 98 /Widths [500 450]"),
            ("a named encoding", "/FontMatrix [0.001 0 0 0.001 0 0] /Encoding /WinAnsiEncoding /FirstChar 97 /LastChar 98 /Widths [500 450]"),
            ("a standard font's name (poppler's built-in metrics)", "/BaseFont /Helvetica /FontMatrix [0.001 0 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [500 450]"),
            ("a scale a million times the size", "/FontMatrix [0.001 0 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 97 /LastChar 98 /Widths [500000000 450]"),
            ("no widths", "/FontMatrix [0.001 0 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 97 /LastChar 98"),
            // The scale would come from code 161 of StandardEncoding (exclamdown), which this
            // reader does not carry: letters without width, a width only up there.
            ("a scale from StandardEncoding's upper half", "/FontMatrix [0.001 0 0 0.001 0 0] \(Self.lettersEncoding) /FirstChar 97 /LastChar 161 /Widths [\((97...161).map { $0 == 161 ? "500" : "0" }.joined(separator: " "))]"),
            ("a code without a character", "/FontMatrix [0.001 0 0 0.001 0 0] /Encoding << /Type /Encoding /Differences [97 /g1 /b] >> /FirstChar 97 /LastChar 98 /Widths [500 450]"),
        ]
        for (label, entries) in cases {
            let data = Self.type3PDF(content: "BT /F1 12 Tf 72 700 Td (abba) Tj ET", fontEntries: entries)
            #expect(ContentStreamHostileTests.decline(data) != nil, "\(label)")
        }
    }

    /// A page in a Type 3 font may draw images in its glyph procedures: the reading for scanned
    /// pages is not skipped for it.
    @Test func aType3FontCountsAsAPossibleImage() throws {
        let data = Self.type3PDF(content: "BT /F1 12 Tf 72 700 Td (abba) Tj ET", fontEntries: Self.readableFonts[2].1)
        let read = try #require(PDFContentStreamReader.pageTexts(bytes: [UInt8](data)))
        #expect(read.mayDrawImages)
    }

    /// poppler's guess at the scale, case by case.
    @Test func theScaleGuess() throws {
        var names = [String?](repeating: nil, count: 256)
        var widths = [Double](repeating: 0, count: 256)
        names[3] = "g3"; widths[3] = 0.9
        names[10] = "B"; widths[10] = 0
        names[20] = "m"; widths[20] = 0.3
        names[30] = "m"; widths[30] = 1.2
        // The last `m` counts.
        #expect(try PDFTextFont.type3SizeFactor(widths: widths, names: names, fontMatrix: [0.001, 0, 0, 0.001, 0, 0]) == 1.2 / 0.6)
        // Without a width for it, the first one-letter name's, also without one: the first named width.
        widths[30] = 0
        #expect(try PDFTextFont.type3SizeFactor(widths: widths, names: names, fontMatrix: [0.001, 0, 0, -0.002, 0, 0]) == 0.9 / 0.5 * 2)
        widths[10] = 0.4
        #expect(try PDFTextFont.type3SizeFactor(widths: widths, names: names, fontMatrix: [0.001, 0, 0, 0.001, 0, 0]) == 0.4 / 0.5)
        // No width at all: the size as it is.
        #expect(try PDFTextFont.type3SizeFactor(widths: [Double](repeating: 0, count: 256), names: names, fontMatrix: [0.5, 0, 0, 0.5, 0, 0]) == 1)
    }
}
