import FakturaTestSupport
import Foundation
import PDFReading
import Testing
@testable import PDFRender

@Suite struct FontEmbeddingTests {
    static func chain(_ fonts: [TrueTypeFont], slots: [Int]) -> FontChain { FontChain(fonts: fonts, slots: slots) }

    /// A one-page PDF with `text` drawn in the system fonts.
    static func pdf(_ lines: [String]) throws -> [UInt8] {
        let faces = FontSet.system.regular
        let fonts = try faces.map { try FontCache.font($0) }
        let chain = FontChain(fonts: fonts, slots: Array(fonts.indices))
        let documentFonts = DocumentFonts(fonts: fonts)
        var canvas = PageCanvas(width: 595, height: 842)
        for (index, line) in lines.enumerated() {
            canvas.text(line, x: 40, y: 800 - Double(index) * 20, size: 12, chain: chain, fonts: documentFonts)
        }
        canvas.line(from: (40, 700), to: (300, 700), width: 0.5)
        let subsets = documentFonts.subsets()
        canvas.resolveGlyphs(subsets.map(\.newIDTable))
        let document = try PDFDocument()
        try document.addPage(canvas)
        try document.embedFonts(subsets, used: documentFonts.used)
        try document.setInfo(title: "Тест", subject: "test", date: (2026, 11, 27))
        return try document.save()
    }

    @Test func mixedScriptTextIsExtractedAndPassesQpdf() throws {
        let text = "Invoice Счёт-фактура 深圳市示例科技有限公司 №42"
        let bytes = try Self.pdf([text])
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let url = scratch.write("font.pdf", Data(bytes))
        if let keep = ProcessInfo.processInfo.environment["FAKTURA_KEEP_PDF"] { try Data(bytes).write(to: URL(fileURLWithPath: keep)) }
        let check = try CLI.runTool("/usr/bin/qpdf", ["--check", url.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let extracted = try CLI.runTool("/usr/bin/pdftotext", [url.path, "-"])
        #expect(extracted.stderr.isEmpty, "\(extracted.stderr)")
        #expect(extracted.stdout.contains(text))
    }

    /// Glyph codes are written as two bytes in literal strings. A subset numbers its glyphs
    /// densely from 1, so with more than 92 of them the codes 0x0D, 0x28, 0x29 and 0x5C occur,
    /// which a literal string holds only escaped (CR would be read as a line end, the others as
    /// delimiters): poppler and Faktura's own content-stream reader must both read them back.
    @Test func glyphCodesThatNeedEscapesAreReadBack() throws {
        // 94 printable ASCII characters and 66 Cyrillic letters, in lines that fit the page.
        let printable = String(String.UnicodeScalarView((33...126).compactMap(Unicode.Scalar.init)))
        let cyrillic = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
        let lines = [printable, cyrillic].flatMap { text in
            stride(from: 0, to: text.count, by: 32).map { String(text.dropFirst($0).prefix(32)) }
        }
        let bytes = try Self.pdf(lines)
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let url = scratch.write("escapes.pdf", Data(bytes))
        let check = try CLI.runTool("/usr/bin/qpdf", ["--check", url.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let extracted = try CLI.runTool("/usr/bin/pdftotext", [url.path, "-"])
        for line in lines { #expect(extracted.stdout.contains(line), "\(extracted.stdout)") }
        let pages = PDFContentStreamReader.pageTexts(Data(bytes))
        #expect(pages != nil, "\(PDFContentStreamReader.declineReason(Data(bytes)) ?? "")")
        let words = (pages ?? []).flatMap(\.words).map(\.text)
        for line in lines { #expect(words.contains(line), "\(words)") }
    }
}
