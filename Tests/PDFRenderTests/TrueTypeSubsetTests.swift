import FakturaTestSupport
import Foundation
import Testing
@testable import PDFRender

@Suite struct TrueTypeSubsetTests {
    static let dejaVu = FontSet.system.regular[0]
    static let wenQuanYi = FontSet.system.regular[1]

    @Test func cmapFindsLatinCyrillicInDejaVuAndChineseInTheCollectionFace() throws {
        let dejaVu = try FontCache.font(Self.dejaVu)
        let chinese = try FontCache.font(Self.wenQuanYi)
        #expect(dejaVu.glyph(for: "A") != nil)
        #expect(dejaVu.glyph(for: "Ж") != nil)
        #expect(dejaVu.glyph(for: "深") == nil)
        for scalar in SampleInvoices.chineseSellerName.unicodeScalars {
            #expect(chinese.glyph(for: scalar) != nil, "no glyph for \(scalar)")
        }
    }

    @Test func subsetHoldsOnlyUsedGlyphsAndHasValidChecksums() throws {
        let font = try FontCache.font(Self.dejaVu)
        let subset = TrueTypeSubset(font: font, glyphs: Set("Счёт-фактура".unicodeScalars.map { font.glyph(for: $0)! }))
        let file = subset.fontFile()
        // The whole file sums to the magic constant once checkSumAdjustment is set.
        #expect(TrueTypeSubset.checksum(file) == 0xB1B0_AFBA)
        let reparsed = try TrueTypeFont(bytes: file, path: "subset")
        #expect(reparsed.glyphCount >= subset.usedCount)
        #expect(reparsed.glyphCount < 40)
        #expect(file.count < 12_000)
        // Widths survive renumbering.
        let original = font.glyph(for: "ф")!
        let newID = try #require(subset.newIDs[original])
        #expect(reparsed.advances[Int(newID)] == font.advances[Int(original)])
    }

    @Test func compositeGlyphComponentsAreCarriedIntoTheSubset() throws {
        let font = try FontCache.font(Self.dejaVu)
        // Find a composite glyph among accented letters DejaVu builds from parts.
        let candidates: [Unicode.Scalar] = ["ё", "é", "Ё", "ä", "ü", "ç"]
        let composite = candidates.first { !TrueTypeSubset.components(font.glyphData(Int(font.glyph(for: $0)!))).isEmpty }
        let scalar = try #require(composite, "DejaVu Sans should build some accented letter from components")
        let subset = TrueTypeSubset(font: font, glyphs: [font.glyph(for: scalar)!])
        let file = subset.fontFile()
        let reparsed = try TrueTypeFont(bytes: file, path: "subset")
        // notdef + the composite + its components, each renumbered inside the subset.
        let components = TrueTypeSubset.components(reparsed.glyphData(1))
        #expect(!components.isEmpty)
        #expect(components.allSatisfy { Int($0) < reparsed.glyphCount && $0 > 1 })
        #expect(components.allSatisfy { !reparsed.glyphData(Int($0)).isEmpty })
    }

    @Test func subsetNumberingDependsOnlyOnTheGlyphSet() throws {
        let font = try FontCache.font(Self.dejaVu)
        let glyphs = "Итого".unicodeScalars.map { font.glyph(for: $0)! }
        let forward = TrueTypeSubset(font: font, glyphs: Set(glyphs))
        let backward = TrueTypeSubset(font: font, glyphs: Set(glyphs.reversed()))
        #expect(forward.glyphs == backward.glyphs)
        #expect(forward.fontFile() == backward.fontFile())
        #expect(forward.unicode.map { $0.map(\.value) } == [[]] + forward.glyphs.dropFirst().map { [font.firstCodePoint[Int($0)]] })
    }

    @Test func damagedFontGivesAnErrorNotACrash() {
        #expect(throws: RenderError.self) { _ = try TrueTypeFont(bytes: [0, 1, 0, 0, 0, 9], path: "short.ttf") }
        #expect(throws: RenderError.self) { _ = try TrueTypeFont(bytes: Array(repeating: 0xFF, count: 400), path: "junk.ttf") }
        #expect(throws: RenderError.self) { _ = try TrueTypeFont(contentsOf: "/nonexistent/font.ttf") }
    }
}

@Suite struct ToUnicodeTests {
    @Test func textDrawnWithASharedGlyphExtractsAsTheCharacterThatWasDrawn() throws {
        // WenQuanYi maps some compatibility ideographs onto the glyph of a unified one; where a
        // glyph has several code points, the map must give back the one the document used.
        let font = try FontCache.font(FontSet.system.regular[1])
        var sharedScalar: Unicode.Scalar?
        for value in UInt32(0x20)..<UInt32(0xFFFF) {
            guard let scalar = Unicode.Scalar(value), let glyph = font.glyph(for: scalar) else { continue }
            if font.firstCodePoint[Int(glyph)] != value { sharedScalar = scalar; break }
        }
        let scalar = try #require(sharedScalar, "the font shares no glyph between code points")
        let fonts = DocumentFonts(fonts: [font])
        fonts.use(slot: 0, glyph: font.glyph(for: scalar)!, scalar: scalar)
        let subset = fonts.subsets()[0]
        #expect(subset.unicode[1] == [scalar])
        let program = FontProgramCache.program(for: subset)
        let map = String(decoding: try #require(Self.inflate(program.compressedToUnicode)), as: UTF8.self)
        let hex = String(scalar.value, radix: 16, uppercase: true)
        #expect(map.contains("<0001> <\(String(repeating: "0", count: 4 - hex.count) + hex)>"))
    }

    static func inflate(_ bytes: [UInt8]) -> [UInt8]? {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let file = scratch.write("tounicode.z", Data(bytes))
        // zlib-flate ships with qpdf: the real inflater, not ours.
        guard let result = try? CLI.runTool("/bin/sh", ["-c", "zlib-flate -uncompress < '\(file.path)'"]) else { return nil }
        return [UInt8](result.stdoutData)
    }
}
