import FakturaTestSupport
import Foundation
import Testing
@testable import PDFReading

/// Hostile and malformed PDFs make the direct reader decline (poppler then reads them under
/// the reader process's budget); none makes it crash, loop or allocate without bound.
@Suite("Content-stream reader: hostile input declines")
struct ContentStreamHostileTests {
    /// A PDF of `objects` (numbered from 1) with a classic cross-reference table whose offsets
    /// are right; `trailer` is added to the trailer dictionary.
    static func pdf(_ objects: [String], trailer: String = "", header: String = "%PDF-1.4\n") -> Data {
        HandMadePDF.document(objects, trailer: trailer, header: header)
    }

    /// A one-page PDF whose page shows `content` with a WinAnsi Helvetica of width 500 per character
    /// (with the ascent and descent of its descriptor).
    static func textPDF(content: String, font: String? = nil, pageExtra: String = "") -> Data {
        let stream = Data(content.utf8)
        return pdf([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R \(pageExtra) >>",
            "<< /Length \(stream.count) >>\nstream\n\(content)\nendstream",
            font ?? "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [\(Array(repeating: "500", count: 95).joined(separator: " "))] /FontDescriptor 6 0 R >>",
            "<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /Ascent 718 /Descent -207 /CapHeight 718 /ItalicAngle 0 /StemV 88 /FontBBox [-166 -225 1000 931] >>",
        ])
    }

    static func decline(_ data: Data) -> ContentStreamDecline? {
        do {
            _ = try PDFContentStreamReader.read(data)
            return nil
        } catch {
            return error
        }
    }

    @Test func aPlainTextPDFIsReadWithPopplersWords() throws {
        let data = Self.textPDF(content: "BT /F1 12 Tf 72 700 Td (Hello world) Tj ET")
        let pages = try PDFContentStreamReader.read(data)
        #expect(pages.count == 1)
        #expect(pages[0].words.map(\.text) == ["Hello", "world"])
        let poppler = try PDFReading.PDFDocument(data: data, source: "plain.pdf").pageTexts()
        #expect(poppler[0].words.map(\.text) == ["Hello", "world"])
        for (fast, slow) in zip(pages[0].words, poppler[0].words) {
            #expect(abs(fast.x0 - slow.x0) < 0.01 && abs(fast.x1 - slow.x1) < 0.01, "\(fast) vs \(slow)")
            #expect(abs(fast.y0 - slow.y0) < 0.01 && abs(fast.y1 - slow.y1) < 0.01, "\(fast) vs \(slow)")
        }
    }

    /// `textPDF`'s page as PDF 1.5 writes it (WeasyPrint, for one): the dictionaries in an
    /// object stream (object 7), a cross-reference stream (object 8) instead of the table.
    /// `objectCount` is the object stream's /N, `xref` adds to the cross-reference stream's
    /// dictionary, `entries` changes its entries.
    static func compressedPDF(objectCount: Int = 5, xref: String = "", index: String? = nil,
                              entries: (([Int: (kind: Int, second: Int, third: Int)]) -> [Int: (kind: Int, second: Int, third: Int)])? = nil) -> Data {
        let content = "BT /F1 12 Tf 72 700 Td (Hello world) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            nil,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [\(Array(repeating: "500", count: 95).joined(separator: " "))] /FontDescriptor 6 0 R >>",
            "<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /Ascent 718 /Descent -207 /CapHeight 718 /ItalicAngle 0 /StemV 88 /FontBBox [-166 -225 1000 931] >>",
        ]
        var header = "", body = ""
        var table: [Int: (kind: Int, second: Int, third: Int)] = [0: (0, 0, 255)]
        for (index, object) in objects.enumerated() {
            guard let object else { continue }
            header += "\(index + 1) \(body.utf8.count) "
            table[index + 1] = (2, 7, table.count - 1)
            body += object + "\n"
        }
        var pdf = Array("%PDF-1.5\n".utf8)
        table[4] = (1, pdf.count, 0)
        pdf += Array("4 0 obj\n<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream\nendobj\n".utf8)
        table[7] = (1, pdf.count, 0)
        let stream = header + body
        pdf += Array("7 0 obj\n<< /Type /ObjStm /N \(objectCount) /First \(header.utf8.count) /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream\nendobj\n".utf8)
        table[8] = (1, pdf.count, 0)
        table = entries?(table) ?? table
        var rows: [UInt8] = []
        for number in 0..<9 {
            let entry = table[number] ?? (0, 0, 0)
            rows += [UInt8(entry.kind), UInt8(entry.second >> 8), UInt8(entry.second & 0xFF), UInt8(entry.third)]
        }
        let xrefOffset = pdf.count
        pdf += Array("8 0 obj\n<< /Type /XRef /Size 9 /W [1 2 1] /Index \(index ?? "[0 9]") /Root 1 0 R /Length \(rows.count) \(xref) >>\nstream\n".utf8)
        pdf += rows
        pdf += Array("\nendstream\nendobj\nstartxref\n\(xrefOffset)\n%%EOF\n".utf8)
        return Data(pdf)
    }

    /// Cross-reference and object streams are read as poppler reads them; when their numbers
    /// lie (an /Index past the stream, an object not where the stream says, an object stream
    /// that is none or holds itself, a predictor) the reader declines, and never crashes.
    @Test func crossReferenceAndObjectStreams() throws {
        let data = Self.compressedPDF()
        let pages = try PDFContentStreamReader.read(data)
        #expect(pages.map { $0.words.map(\.text) } == [["Hello", "world"]])
        let poppler = try PDFReading.PDFDocument(data: data, source: "compressed.pdf").pageTexts()
        #expect(poppler.map { $0.words.map(\.text) } == [["Hello", "world"]])
        for (fast, slow) in zip(pages[0].words, poppler[0].words) {
            #expect(abs(fast.x0 - slow.x0) < 0.01 && abs(fast.y1 - slow.y1) < 0.01, "\(fast) vs \(slow)")
        }
        let lying: [(String, Data)] = [
            ("an /Index past the stream", Self.compressedPDF(index: "[0 90]")),
            ("a predictor", Self.compressedPDF(xref: "/DecodeParms << /Predictor 12 /Columns 4 >>")),
            ("an object at another index", Self.compressedPDF(entries: { var table = $0; table[1] = (2, 7, 1); return table })),
            ("an object in an object that is no object stream", Self.compressedPDF(entries: { var table = $0; table[1] = (2, 4, 0); return table })),
            ("an object stream inside itself", Self.compressedPDF(entries: { var table = $0; table[7] = (2, 7, 0); return table })),
            ("an object stream whose /N overruns it", Self.compressedPDF(objectCount: 5000)),
        ]
        for (name, pdf) in lying {
            #expect(Self.decline(pdf) != nil, "\(name) was read")
        }
    }

    @Test func deeplyNestedArraysDecline() throws {
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .budget = Self.decline(Self.textPDF(content: "BT /F1 12 Tf \(nested) TJ ET")) else {
            Issue.record("nesting 100,000 deep was not refused by the depth budget")
            return
        }
        let dictionaries = String(repeating: "<< /A ", count: 50_000) + String(repeating: ">> ", count: 50_000)
        #expect(Self.decline(Self.pdf(["<< /Type /Catalog /Pages 2 0 R /X \(dictionaries) >>"])) != nil)
    }

    @Test func aLengthPastTheEndOfTheFileDeclines() {
        let data = Self.pdf([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
            "<< /Length 999999999999 >>\nstream\nBT ET\nendstream",
        ])
        guard case .syntax = Self.decline(data) else {
            Issue.record("a /Length of 10^12 bytes was not refused")
            return
        }
        let selfReference = Self.pdf([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
            "<< /Length 4 0 R >>\nstream\nBT ET\nendstream",
        ])
        #expect(Self.decline(selfReference) != nil)
    }

    @Test func aStreamThatInflatesToHundredsOfMegabytesDeclinesAtItsBudget() throws {
        // 500 MB of zeros in a 500 KB Flate stream, shared by eight pages.
        let data = try Data(contentsOf: try Samples.fixture("hostile/flate-bomb.pdf"))
        guard case .budget(let what) = Self.decline(data) else {
            Issue.record("the flate bomb was not refused by the inflate budget: \(String(describing: Self.decline(data)))")
            return
        }
        #expect(what.contains("inflates past"))
    }

    @Test func crossReferenceAndPageTreeLoopsDecline() {
        // /Prev pointing at its own section.
        var text = String(decoding: Self.textPDF(content: "BT /F1 12 Tf 72 700 Td (Hi) Tj ET"), as: UTF8.self)
        let xref = text.range(of: "startxref\n")!.upperBound
        let offset = Int(text[xref...].prefix { $0.isNumber })!
        text = text.replacingOccurrences(of: "/Root 1 0 R", with: "/Root 1 0 R /Prev \(offset)")
        guard case .syntax(let what, _) = Self.decline(Data(text.utf8)) else {
            Issue.record("a /Prev loop was not refused")
            return
        }
        #expect(what.contains("loops"))
        // A page tree whose kid is its parent.
        let tree = Self.pdf([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ])
        #expect(Self.decline(tree) != nil)
        // References that refer to each other.
        let chain = Self.pdf(["<< /Type /Catalog /Pages 2 0 R >>", "3 0 R", "2 0 R"])
        #expect(Self.decline(chain) != nil)
    }

    /// `/Differences` from a negative code names nothing in poppler (it never counts up to 0):
    /// code 0 has no character here either, and showing it declines.
    @Test func differencesFromANegativeCodeNameNothing() {
        let data = Self.textPDF(content: "BT /F1 12 Tf 72 700 Td <00> Tj ET",
                                font: "<< /Type /Font /Subtype /TrueType /Encoding << /Differences [-1 /B /A] >> /FirstChar 0 /LastChar 0 /Widths [500] /FontDescriptor 6 0 R >>")
        #expect(Self.decline(data) != nil)
    }

    @Test func outOfScopePDFsDecline() {
        let rotated = Self.textPDF(content: "BT /F1 12 Tf 0 1 -1 0 300 300 Tm (Up) Tj ET")
        let form = Self.textPDF(content: "q /X1 Do Q BT /F1 12 Tf 72 700 Td (A) Tj ET")
        let rotatedPage = Self.textPDF(content: "BT /F1 12 Tf 72 700 Td (A) Tj ET", pageExtra: "/Rotate 90")
        let noUnicode = Self.textPDF(content: "BT /F1 12 Tf 72 700 Td (A) Tj ET",
                                     font: "<< /Type /Font /Subtype /TrueType /FirstChar 65 /LastChar 65 /Widths [500] >>")
        let builtInMetrics = Self.textPDF(content: "BT /F1 12 Tf 72 700 Td (A) Tj ET",
                                          font: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 65 /LastChar 65 /Widths [667] >>")
        for (name, data) in [("a standard font without its own ascent (poppler's built-in metrics)", builtInMetrics), ("rotated text", rotated), ("unknown XObject", form),
                             ("rotated page", rotatedPage), ("no Unicode", noUnicode)] {
            #expect(Self.decline(data) != nil, "\(name)")
        }
    }

    @Test func wordSpacingThatPopplersLayoutDecidesDeclinesWithinItsBudget() {
        // One-character words 1 and 5 points apart by turns (a sixth and five sixths of the
        // 6-point size): where poppler's lines end is undecided at every second gap.
        var content = "BT /F1 6 Tf 20 700 Td"
        for index in 0..<80 { content += " (\(index % 10)) Tj \(index % 2 == 0 ? 4 : 8) 0 Td" }
        content += " ET"
        #expect(Self.decline(Self.textPDF(content: content)) == .unsupported("a line poppler may end at too many places"))
        // Thousands of words at one height (each its own line a tenth of a point lower).
        var crowded = "BT /F1 12 Tf"
        for index in 0..<1_500 { crowded += " 1 0 0 1 \(20 + Double(index) * 0.35) \(700 - Double(index) / 1000) Tm (x) Tj" }
        crowded += " ET"
        #expect(Self.decline(Self.textPDF(content: crowded)) == .unsupported("more than 1000 words at one height"))
    }
}
