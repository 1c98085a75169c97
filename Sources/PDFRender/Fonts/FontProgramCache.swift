import Foundation

/// What a PDF needs of one embedded font subset, ready to write: the compressed font file,
/// widths and ToUnicode map. Built once per (font, glyph set) and shared, because
/// compressing font programs was the largest cost of a render.
struct FontProgram: Sendable {
    let baseName: String
    let compressedFile: [UInt8]
    let fileLength: Int
    /// Advance widths in 1/1000 em by CID.
    let widths: [Int32]
    /// The CIDFont's `/W` entry as written into the PDF, one run from CID 0 (the subset numbers
    /// glyphs densely): built once per subset instead of as a libharu number object per glyph
    /// in every document.
    let widthsEntry: String
    let compressedToUnicode: [UInt8]
}

enum FontProgramCache {
    private struct Key: Hashable {
        let font: ObjectIdentifier
        let glyphs: [UInt16]
    }

    private final class Table: @unchecked Sendable {
        let lock = NSLock()
        var programs: [Key: FontProgram] = [:]
    }

    private static let table = Table()
    /// Bounded so a long batch of very different invoices cannot grow memory without end.
    static let capacity = 512

    static func program(for subset: TrueTypeSubset) -> FontProgram {
        let key = Key(font: ObjectIdentifier(subset.font), glyphs: subset.glyphs)
        table.lock.lock()
        let cached = table.programs[key]
        table.lock.unlock()
        if let cached {
            guard !subset.unicodeOverrides.isEmpty else { return cached }
            // Same glyphs, other text behind some of them: reuse the font file, not the map.
            return FontProgram(baseName: cached.baseName, compressedFile: cached.compressedFile, fileLength: cached.fileLength,
                               widths: cached.widths, widthsEntry: cached.widthsEntry,
                               compressedToUnicode: Deflate.compress(toUnicodeCMap(subset.unicode)))
        }

        let font = subset.font
        let file = subset.fontFile()
        let widths = subset.glyphs.map { Int32(font.width1000($0)) }
        let program = FontProgram(
            baseName: "\(subsetTag(subset.glyphs, font.postScriptName))+\(font.postScriptName)",
            compressedFile: Deflate.compress(file), fileLength: file.count,
            widths: widths, widthsEntry: "/W [0 [" + widths.map(String.init).joined(separator: " ") + "]]\n",
            compressedToUnicode: Deflate.compress(toUnicodeCMap(subset.unicode)))

        // Only maps taken from the font alone are shared; a document's own overrides stay its own.
        guard subset.unicodeOverrides.isEmpty else { return program }
        table.lock.lock()
        if table.programs.count >= capacity { table.programs.removeAll(keepingCapacity: true) }
        table.programs[key] = program
        table.lock.unlock()
        return program
    }

    /// Six capital letters derived from the glyph set, so equal input gives an equal name.
    static func subsetTag(_ glyphs: [UInt16], _ name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for glyph in glyphs {
            hash = (hash ^ UInt64(glyph & 0xFF)) &* 0x100_0000_01b3
            hash = (hash ^ UInt64(glyph >> 8)) &* 0x100_0000_01b3
        }
        var letters: [UInt8] = []
        for _ in 0..<6 {
            letters.append(UInt8(ascii: "A") + UInt8(hash % 26))
            hash /= 26
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// A ToUnicode CMap with `bfchar` entries (poppler accepts these; libharu's own map
    /// used `cidrange`, which belongs in an encoding CMap, not here).
    static func toUnicodeCMap(_ unicode: [[Unicode.Scalar]]) -> [UInt8] {
        var text = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """
        let entries = unicode.enumerated().filter { !$0.element.isEmpty }
        var start = 0
        while start < entries.count {
            let chunk = entries[start..<min(start + 100, entries.count)]
            text += "\(chunk.count) beginbfchar\n"
            for (cid, scalars) in chunk {
                text += "<" + hex4(UInt16(cid)) + "> <"
                for scalar in scalars {
                    for unit in String(scalar).utf16 { text += hex4(unit) }
                }
                text += ">\n"
            }
            text += "endbfchar\n"
            start += 100
        }
        text += """
            endcmap
            CMapName currentdict /CMap defineresource pop
            end
            end

            """
        return Array(text.utf8)
    }

    private static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
