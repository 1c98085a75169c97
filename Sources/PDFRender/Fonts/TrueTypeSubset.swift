/// The glyphs one document uses from one font, numbered in order of first use, and the
/// TrueType subset file holding only those glyphs (renumbered: new glyph id = CID, so the
/// PDF's CIDToGIDMap is Identity).
struct TrueTypeSubset {
    let font: TrueTypeFont
    /// Original glyph ids by new id, ascending; index 0 is always `.notdef`. The new
    /// numbering depends only on the set of glyphs, so equal sets give equal font files
    /// (which ``FontProgramCache`` relies on).
    let glyphs: [UInt16]
    /// Text for glyphs drawn for another character than the cmap's first (see ``DocumentFonts``).
    let unicodeOverrides: [UInt16: Unicode.Scalar]

    init(font: TrueTypeFont, glyphs used: Set<UInt16>, unicodeOverrides: [UInt16: Unicode.Scalar] = [:]) {
        self.font = font
        self.unicodeOverrides = unicodeOverrides
        var sorted = used.filter { $0 != 0 && Int($0) < font.glyphCount }.sorted()
        sorted.insert(0, at: 0)
        glyphs = sorted
    }

    /// The first Unicode text of each new id, from the font's own cmap (for ToUnicode).
    var unicode: [[Unicode.Scalar]] {
        glyphs.map { glyph in
            if let drawn = unicodeOverrides[glyph] { return [drawn] }
            let value = font.firstCodePoint[Int(glyph)]
            guard glyph != 0, value != 0, let scalar = Unicode.Scalar(value) else { return [] }
            return [scalar]
        }
    }

    /// Number of glyphs the text uses (components of composite glyphs come on top in the file).
    var usedCount: Int { glyphs.count }

    /// New ids by original glyph id.
    var newIDs: [UInt16: UInt16] {
        Dictionary(uniqueKeysWithValues: glyphs.enumerated().map { ($0.element, UInt16($0.offset)) })
    }

    /// New ids indexed by original glyph id (0 for glyphs not in the subset).
    var newIDTable: [UInt16] {
        var table = [UInt16](repeating: 0, count: font.glyphCount)
        for (id, glyph) in glyphs.enumerated() { table[Int(glyph)] = UInt16(id) }
        return table
    }

    /// Writes the subset font file. Hinting instructions are dropped: the subset keeps no
    /// `fpgm`/`prep`/`cvt` for them to call, and PDF viewers hint on their own.
    func fontFile() -> [UInt8] {
        // Close over composite components: they get ids after the used glyphs.
        var order = glyphs
        var ids = newIDs
        var index = 0
        while index < order.count {
            for component in Self.components(font.glyphData(Int(order[index]))) where ids[component] == nil {
                guard Int(component) < font.glyphCount, order.count < 65_535 else { continue }
                ids[component] = UInt16(order.count)
                order.append(component)
            }
            index += 1
        }

        var glyf: [UInt8] = []
        glyf.reserveCapacity(order.count * 64)
        var loca: [UInt32] = [0]
        var hmtx: [UInt8] = []
        hmtx.reserveCapacity(order.count * 4)
        for original in order {
            let outline = font.glyphData(Int(original))
            Self.appendGlyph(outline, ids: ids, to: &glyf)
            while glyf.count % 4 != 0 { glyf.append(0) }
            loca.append(UInt32(glyf.count))
            let leftBearing: UInt16 = outline.count >= 10
                ? UInt16(outline[outline.startIndex + 2]) << 8 | UInt16(outline[outline.startIndex + 3]) : 0
            hmtx.appendU16(font.advances[Int(original)])
            hmtx.appendU16(leftBearing)
        }
        var locaBytes: [UInt8] = []
        locaBytes.reserveCapacity(loca.count * 4)
        for offset in loca { locaBytes.appendU32(offset) }

        var head = font.head
        head.setU32(8, 0)          // checkSumAdjustment, filled in below
        head.setU16(50, 1)         // long loca offsets
        var hhea = font.hhea
        hhea.setU16(34, UInt16(order.count))
        var maxp = font.maxp
        maxp.setU16(4, UInt16(order.count))
        var post: [UInt8] = []
        post.appendU32(0x0003_0000)  // format 3: no glyph names
        post.appendU32(UInt32(bitPattern: Int32(font.italicAngle * 65536)))
        post.append(contentsOf: [UInt8](repeating: 0, count: 24))

        // Tags in ascending order, as the directory requires.
        let tables: [(String, [UInt8])] = [("cmap", cmap()), ("glyf", glyf), ("head", head), ("hhea", hhea), ("hmtx", hmtx),
                                           ("loca", locaBytes), ("maxp", maxp), ("post", post)]
        var file: [UInt8] = []
        file.reserveCapacity(12 + 16 * tables.count + tables.reduce(0) { $0 + $1.1.count + 3 })
        file.appendU32(0x0001_0000)
        file.appendU16(UInt16(tables.count))
        file.appendU16(128)  // searchRange = 16 * 2^floor(log2(8))
        file.appendU16(3)    // entrySelector
        file.appendU16(UInt16(tables.count * 16 - 128))
        var offset = 12 + 16 * tables.count
        for (tag, bytes) in tables {
            file.append(contentsOf: Array(tag.utf8))
            file.appendU32(Self.checksum(bytes))
            file.appendU32(UInt32(offset))
            file.appendU32(UInt32(bytes.count))
            offset += (bytes.count + 3) & ~3
        }
        var headOffset = 0
        for (tag, bytes) in tables {
            if tag == "head" { headOffset = file.count }
            file.append(contentsOf: bytes)
            while file.count % 4 != 0 { file.append(0) }
        }
        file.setU32(headOffset + 8, 0xB1B0_AFBA &- Self.checksum(file))
        return file
    }

    /// A format 4 `cmap` (Windows Unicode BMP) from the characters the glyphs were used for,
    /// so the subset is a complete font on its own; PDF viewers address glyphs by CID.
    func cmap() -> [UInt8] {
        var pairs: [(UInt16, UInt16)] = []
        var seen = Set<UInt16>()
        for (id, scalars) in unicode.enumerated() {
            guard scalars.count == 1, scalars[0].value < 0xFFFF else { continue }
            let code = UInt16(scalars[0].value)
            if seen.insert(code).inserted { pairs.append((code, UInt16(id))) }
        }
        pairs.sort { $0.0 < $1.0 }
        let segments = pairs.count + 1  // one per character, plus the final 0xFFFF segment
        var table: [UInt8] = []
        table.appendU16(0)        // version
        table.appendU16(1)        // one subtable
        table.appendU16(3)        // platform Windows
        table.appendU16(1)        // Unicode BMP
        table.appendU32(12)       // offset of the subtable
        var floorPower = 1
        while floorPower * 2 <= segments { floorPower *= 2 }
        var log = 0
        while (1 << (log + 1)) <= segments { log += 1 }
        let length = 16 + 8 * segments
        table.appendU16(4)
        table.appendU16(UInt16(length))
        table.appendU16(0)        // language
        table.appendU16(UInt16(segments * 2))
        table.appendU16(UInt16(floorPower * 2))
        table.appendU16(UInt16(log))
        table.appendU16(UInt16(segments * 2 - floorPower * 2))
        for (code, _) in pairs { table.appendU16(code) }
        table.appendU16(0xFFFF)
        table.appendU16(0)        // reservedPad
        for (code, _) in pairs { table.appendU16(code) }
        table.appendU16(0xFFFF)
        for (code, id) in pairs { table.appendU16(id &- code) }
        table.appendU16(1)
        for _ in 0..<segments { table.appendU16(0) }
        return table
    }

    /// Sum of big-endian 32-bit words, the last padded with zeros.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var index = 0
        let whole = bytes.count & ~3
        while index < whole {
            sum &+= UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
            index += 4
        }
        if index < bytes.count {
            var word: UInt32 = 0
            for shift in 0..<4 {
                word |= UInt32(index + shift < bytes.count ? bytes[index + shift] : 0) << (24 - 8 * shift)
            }
            sum &+= word
        }
        return sum
    }

    /// Component glyph ids of a composite glyph (none for a simple one).
    static func components(_ outline: ArraySlice<UInt8>) -> [UInt16] {
        var result: [UInt16] = []
        walkComponents(outline) { _, glyph, _ in result.append(glyph) }
        return result
    }

    /// Calls `body(flagsOffset, glyph, isLast)` for each component; offsets relative to the slice start.
    private static func walkComponents(_ outline: ArraySlice<UInt8>, _ body: (Int, UInt16, Bool) -> Void) {
        let bytes = outline
        let base = bytes.startIndex
        guard bytes.count >= 10, Int16(bitPattern: UInt16(bytes[base]) << 8 | UInt16(bytes[base + 1])) < 0 else { return }
        var position = 10
        while position + 4 <= bytes.count {
            let flags = UInt16(bytes[base + position]) << 8 | UInt16(bytes[base + position + 1])
            let glyph = UInt16(bytes[base + position + 2]) << 8 | UInt16(bytes[base + position + 3])
            let more = flags & 0x0020 != 0
            body(position, glyph, !more)
            position += 4 + (flags & 0x0001 != 0 ? 4 : 2)
            if flags & 0x0008 != 0 { position += 2 } else if flags & 0x0040 != 0 { position += 4 } else if flags & 0x0080 != 0 { position += 8 }
            if !more { break }
        }
    }

    /// Appends one glyph with its instructions removed and composite references renumbered.
    private static func appendGlyph(_ outline: ArraySlice<UInt8>, ids: [UInt16: UInt16], to out: inout [UInt8]) {
        guard outline.count >= 10 else { return }
        let base = outline.startIndex
        let contours = Int16(bitPattern: UInt16(outline[base]) << 8 | UInt16(outline[base + 1]))
        if contours >= 0 {
            let instructionsAt = 10 + 2 * Int(contours)
            guard instructionsAt + 2 <= outline.count else { out.append(contentsOf: outline); return }
            let length = Int(UInt16(outline[base + instructionsAt]) << 8 | UInt16(outline[base + instructionsAt + 1]))
            let rest = instructionsAt + 2 + length
            guard rest <= outline.count else { out.append(contentsOf: outline); return }
            out.append(contentsOf: outline[base..<base + instructionsAt])
            out.append(0)
            out.append(0)
            out.append(contentsOf: outline[(base + rest)...])
            return
        }
        let start = out.count
        var end = outline.count
        var patches: [(Int, UInt16, Bool)] = []
        walkComponents(outline) { position, glyph, last in patches.append((position, glyph, last)) }
        if let lastPatch = patches.last {
            // Cut trailing instructions: everything after the last component's arguments.
            let flags = UInt16(outline[base + lastPatch.0]) << 8 | UInt16(outline[base + lastPatch.0 + 1])
            var position = lastPatch.0 + 4 + (flags & 0x0001 != 0 ? 4 : 2)
            if flags & 0x0008 != 0 { position += 2 } else if flags & 0x0040 != 0 { position += 4 } else if flags & 0x0080 != 0 { position += 8 }
            end = min(position, outline.count)
        }
        out.append(contentsOf: outline[base..<base + end])
        for (position, glyph, last) in patches {
            let newID = ids[glyph] ?? 0
            out[start + position + 2] = UInt8(newID >> 8)
            out[start + position + 3] = UInt8(newID & 0xFF)
            if last { out[start + position] &= ~0x01 }  // WE_HAVE_INSTRUCTIONS is bit 8: high byte bit 0
        }
    }
}

extension Array where Element == UInt8 {
    @inline(__always) mutating func appendU16(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }

    @inline(__always) mutating func appendU32(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }

    mutating func setU16(_ offset: Int, _ value: UInt16) {
        self[offset] = UInt8(value >> 8)
        self[offset + 1] = UInt8(value & 0xFF)
    }

    mutating func setU32(_ offset: Int, _ value: UInt32) {
        self[offset] = UInt8(value >> 24)
        self[offset + 1] = UInt8((value >> 16) & 0xFF)
        self[offset + 2] = UInt8((value >> 8) & 0xFF)
        self[offset + 3] = UInt8(value & 0xFF)
    }
}
