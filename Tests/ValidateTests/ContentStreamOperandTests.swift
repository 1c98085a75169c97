import Foundation
import Testing
@testable import PDFReading

/// The content-stream lexer's operands (numbers, strings and names in reusable buffers, `TJ`
/// arrays as items), its operator codes, the dense ToUnicode and width tables: what they read
/// matches poppler, and their limits decline.
@Suite("Content-stream reader: operands, operators, font tables")
struct ContentStreamOperandTests {
    @Test func operatorCodesAreTheOperatorsBytes() {
        let texts: [PDFOperator: String] = [
            .beginText: "BT", .endText: "ET", .font: "Tf", .moveText: "Td", .moveTextSettingLeading: "TD", .textMatrix: "Tm",
            .nextLine: "T*", .showText: "Tj", .showTextArray: "TJ", .nextLineShowText: "'", .nextLineSpacedShowText: "\"",
            .charSpacing: "Tc", .wordSpacing: "Tw", .horizontalScaling: "Tz", .leading: "TL", .rise: "Ts", .renderMode: "Tr",
            .save: "q", .restore: "Q", .concatMatrix: "cm", .drawObject: "Do", .beginInlineImage: "BI", .beginMarkedContent: "BDC",
            .beginMarkedContentSequence: "BMC", .endMarkedContent: "EMC",
        ]
        #expect(texts.count == PDFOperator.allCases.count)
        for (op, text) in texts {
            let code = text.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(op.rawValue == code, "\(text)")
        }
    }

    @Test func kernedArraysEscapedNamesAndQuoteOperatorsGivePopplersWords() throws {
        // `/F#31` is /F1; TJ mixes literal and hex strings with kerning; `'` and `"` move to the
        // next line; a dictionary operand (marked content) and booleans are skipped.
        let content = """
        /Span << /Lang (en) /Nested [1 [2 3] << /A true >>] >> BDC
        BT /F#31 12 Tf 14 TL 72 700 Td [(Inv) -20 <6F696365> -400 (No) 5 (.)] TJ
        (Total 1 234,50) ' 2 0.5 (VAT 22%) " T* [(Sum) -3000 (Due)] TJ ET EMC
        """
        let data = ContentStreamHostileTests.textPDF(content: content)
        let pages = try PDFContentStreamReader.read(data)
        let poppler = try PDFReading.PDFDocument(data: data, source: "kerned.pdf").pageTexts()
        #expect(pages[0].words.map(\.text) == poppler[0].words.map(\.text))
        #expect(pages[0].words.map(\.text).contains("Invoice"))
        for (fast, slow) in zip(pages[0].words, poppler[0].words) {
            #expect(abs(fast.x0 - slow.x0) < 0.01 && abs(fast.x1 - slow.x1) < 0.01, "\(fast) vs \(slow)")
            #expect(abs(fast.y0 - slow.y0) < 0.01 && abs(fast.y1 - slow.y1) < 0.01, "\(fast) vs \(slow)")
        }
    }

    /// The words of both readers, with their boxes, must be the same.
    static func expectPopplersWords(_ data: Data, _ expected: [String], _ comment: Comment? = nil) throws {
        let pages = try PDFContentStreamReader.read(data)
        let poppler = try PDFReading.PDFDocument(data: data, source: "test.pdf").pageTexts()
        #expect(poppler[0].words.map(\.text) == expected, comment)
        #expect(pages[0].words.map(\.text) == expected, comment)
        for (fast, slow) in zip(pages[0].words, poppler[0].words) {
            #expect(abs(fast.x0 - slow.x0) < 0.01 && abs(fast.x1 - slow.x1) < 0.01, "\(fast) vs \(slow)")
            #expect(abs(fast.y0 - slow.y0) < 0.01 && abs(fast.y1 - slow.y1) < 0.01, "\(fast) vs \(slow)")
        }
    }

    @Test func actualTextStandsInForTheCharactersAsInPoppler() throws {
        // poppler shows a /Span's inline /ActualText instead of the characters drawn under it,
        // spread over their extent: a ligature's letters, a narrow no-break space that parts the
        // digit groups (Typst, LibreOffice), nothing for an empty one (wkhtmltopdf's fake bold).
        let inline = ContentStreamHostileTests.textPDF(content: "/Span << /ActualText (x) >> BDC BT /F1 12 Tf 72 700 Td (Invoice) Tj ET EMC")
        try Self.expectPopplersWords(inline, ["x"])
        let ligature = ContentStreamHostileTests.textPDF(content: "BT /F1 12 Tf 72 700 Td (Pro) Tj /Span << /ActualText (fi) >> BDC (Z) Tj EMC (t) Tj ET")
        try Self.expectPopplersWords(ligature, ["Profit"])
        let groups = ContentStreamHostileTests.textPDF(content: "BT /F1 12 Tf 72 700 Td (12) Tj /Span << /ActualText <FEFF202F> >> BDC (.) Tj EMC (345,67) Tj ET")
        try Self.expectPopplersWords(groups, ["12", "345,67"])
        let fakeBold = ContentStreamHostileTests.textPDF(content: """
            BT /F1 12 Tf 72 700 Td (Total) Tj ET /Span << /ActualText () >> BDC BT /F1 12 Tf 72.5 700 Td (Total) Tj ET EMC
            BT /F1 12 Tf 150 700 Td (100) Tj ET
            """)
        try Self.expectPopplersWords(fakeBold, ["Total", "100"])
        // Named properties are not looked up by poppler: the characters stand.
        let named = ContentStreamHostileTests.textPDF(content: "/Span /MC0 BDC BT /F1 12 Tf 72 700 Td (Invoice) Tj ET EMC",
                                                      pageExtra: "/Resources << /Font << /F1 5 0 R >> /Properties << /MC0 << /ActualText (x) >> >> >>")
        try Self.expectPopplersWords(named, ["Invoice"])
        let plain = ContentStreamHostileTests.textPDF(content: "/Span << /Lang (en) >> BDC BT /F1 12 Tf 72 700 Td (Invoice) Tj ET EMC")
        try Self.expectPopplersWords(plain, ["Invoice"])
    }

    @Test func actualTextOutsideTheReadersScopeDeclines() throws {
        // A lone surrogate, PDFDocEncoding beyond ASCII, a span over two lines, optional content.
        for (content, extra) in [("/Span << /ActualText <FEFFD800> >> BDC BT /F1 12 Tf 72 700 Td (a) Tj ET EMC", ""),
                                 ("/Span << /ActualText <E9> >> BDC BT /F1 12 Tf 72 700 Td (a) Tj ET EMC", ""),
                                 ("/Span << /ActualText (ab) >> BDC BT /F1 12 Tf 72 700 Td (a) Tj 0 -20 Td (b) Tj ET EMC", ""),
                                 ("/OC /L1 BDC BT /F1 12 Tf 72 700 Td (hidden) Tj ET EMC", "")] {
            let data = ContentStreamHostileTests.textPDF(content: content, pageExtra: extra)
            let withOptionalContent = content.hasPrefix("/OC")
                ? Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "/Type /Catalog", with: "/Type /Catalog /OCProperties << /OCGs [] /D << >> >>").utf8)
                : data
            #expect(ContentStreamHostileTests.decline(withOptionalContent) != nil, "\(content)")
        }
        #expect(TextStateInterpreter.textString(ArraySlice([0xFE, 0xFF, 0x00, 0x41, 0xD8, 0x3D, 0xDE, 0x00])) == ["A", "\u{1F600}"])
        #expect(TextStateInterpreter.textString(ArraySlice([0xFF, 0xFE, 0x41, 0x00])) == ["A"])
        #expect(TextStateInterpreter.textString(ArraySlice([])) == [])
        #expect(TextStateInterpreter.textString(ArraySlice([0x61, 0x00, 0x62])) == nil)
    }

    @Test func markedContentNestedPastItsBudgetDeclines() {
        let deep = String(repeating: "/P BMC ", count: 300) + "BT /F1 12 Tf 72 700 Td (a) Tj ET" + String(repeating: " EMC", count: 300)
        #expect(ContentStreamHostileTests.decline(ContentStreamHostileTests.textPDF(content: deep)) == .budget("marked content nested deeper than 256"))
        // An EMC without its BMC is ignored, as poppler ignores it.
        let unbalanced = ContentStreamHostileTests.textPDF(content: "EMC EMC BT /F1 12 Tf 72 700 Td (a) Tj ET")
        #expect(ContentStreamHostileTests.decline(unbalanced) == nil)
    }

    @Test func linesOfOneCharacterWordsFollowPopplersAdaptiveSpacing() throws {
        // A table cell "# / №" on its own: poppler's line holds one-character words only, so its
        // space threshold follows their narrowest gap and "#/#" comes out glued; the same marks
        // beside a longer word keep their spaces. Widths are 500 and the word spacing -3: a space
        // parts words by 3 points, a quarter of the font size.
        let alone = ContentStreamHostileTests.textPDF(content: "BT /F1 12 Tf -3 Tw 72 700 Td (# / #) Tj 200 0 Td (Amount) Tj ET")
        try Self.expectPopplersWords(alone, ["#/#", "Amount"])
        let beside = ContentStreamHostileTests.textPDF(content: "BT /F1 12 Tf -3 Tw 72 700 Td (# / Amount) Tj ET")
        try Self.expectPopplersWords(beside, ["#", "/", "Amount"])
        // Words that overlap by more than half a font size start another poppler line (Typst's
        // article overrunning its cell into the name).
        let overrun = ContentStreamHostileTests.textPDF(content: "BT /F1 12 Tf 72 700 Td (SKU-1) Tj 23 0 Td (Cup) Tj ET")
        try Self.expectPopplersWords(overrun, ["SKU-1", "Cup"])
        // A word drawn mostly over another (a price over a short line number): poppler's
        // selection of such stacked lines may drop characters, so poppler reads it.
        let stacked = ContentStreamHostileTests.textPDF(content: "BT /F1 12 Tf 72 700 Td (14) Tj 1 0 Td (94) Tj ET")
        #expect(ContentStreamHostileTests.decline(stacked) == .unsupported("a word drawn mostly over another"))
    }

    @Test func malformedOperandsDecline() {
        for content in ["BT /F1 12 Tf 72 700 Td [(a) /Name] TJ ET",  // a TJ array holding a name
                        "BT /F1 12 Tf 72 700 Td [(a) 5 TJ ET",        // an array not closed
                        "BT /F1 12 Tf 72 700 Td (a) ) Tj ET",         // a stray delimiter
                        "BT /F1 Tf 72 700 Td (a) Tj ET"] {            // Tf without its size
            #expect(ContentStreamHostileTests.decline(ContentStreamHostileTests.textPDF(content: content)) != nil, "\(content)")
        }
        var budget = ContentStreamBudget.standard
        budget.maxDepth = 3
        let nested = ContentStreamHostileTests.textPDF(content: "[[[[1]]]] pop BT /F1 12 Tf 72 700 Td (a) Tj ET")
        #expect(throws: ContentStreamDecline.self) { try PDFContentStreamReader.read(nested, budget: budget) }
    }

    @Test func toUnicodeMapKeepsOneCharacterCodesLigaturesAndRanges() throws {
        let cmap = """
        /CIDInit /ProcSet findresource begin 12 dict begin begincmap
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        3 beginbfchar <0003> <0041> <0010> <00660069> <0011> <D83DDE00> endbfchar
        3 beginbfrange <0020> <0022> <0430> <0030> <0031> [<0031> <00660066>] <00010000> <00010002> <0042> endbfrange
        endcmap
        """
        let map = try ToUnicodeCMap(Array(cmap.utf8), budget: .standard)
        #expect(map.single(0x03) == "A")
        #expect(map.single(0x10) == nil && map.multiple[0x10] == ["f", "i"])
        #expect(map.single(0x11) == "\u{1F600}")
        #expect(map.single(0x20) == "а" && map.single(0x22) == "в" && map.single(0x23) == nil)
        #expect(map.single(0x30) == "1" && map.multiple[0x31] == ["f", "f"])
        // Codes past two bytes are never looked up (the fonts read have one- or two-byte codes).
        #expect(map.single(0x1_0000) == nil && map.single(0xFFFF) == nil && map.single(0x04) == nil)
    }

    @Test func toUnicodeAndWidthTablesOverTheirBudgetDecline() throws {
        var budget = ContentStreamBudget.standard
        budget.maxCMapEntries = 1_000
        let cmap = "1 beginbfrange <0000> <FFFF> <0041> endbfrange"
        #expect(throws: ContentStreamDecline.budget("a ToUnicode map over 1000 codes")) {
            try ToUnicodeCMap(Array(cmap.utf8), budget: budget)
        }
        // A Type 0 font whose /W array gives 4 × 65,536 widths: past the standard budget of codes.
        let toUnicode = "1 beginbfchar <0001> <0041> endbfchar"
        let content = "BT /F1 12 Tf 72 700 Td <0001> Tj ET"
        let data = ContentStreamHostileTests.pdf([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type0 /BaseFont /Wide /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Wide /DW 500 /W [0 65535 600 0 65535 600 0 65535 600 0 65535 600] >>",
            "<< /Length \(toUnicode.utf8.count) >>\nstream\n\(toUnicode)\nendstream",
        ])
        #expect(ContentStreamHostileTests.decline(data) == .budget("a /W array over 200000 codes"))
    }
}
