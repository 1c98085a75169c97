import Foundation
import SystemIO

/// A parsed TrueType font (one face of a `.ttf`, or of a `.ttc` collection): the tables the
/// subsetter and the layout need, read once and then shared read-only across threads.
///
/// Why our own reader: libharu's UTF-8 TrueType path asks the font for all 65,536 code points
/// in every document, loses glyphs from collections and writes a ToUnicode map poppler rejects.
final class TrueTypeFont: Sendable {
    /// PostScript name from the `name` table (ID 6), used as BaseFont.
    let postScriptName: String
    let unitsPerEm: Int
    let ascender: Int
    let descender: Int
    let capHeight: Int
    /// xMin, yMin, xMax, yMax in font units.
    let boundingBox: (Int, Int, Int, Int)
    let italicAngle: Double
    let glyphCount: Int
    /// Advance widths by glyph id, in font units.
    let advances: [UInt16]
    /// Glyph ids of the Basic Multilingual Plane by code point; 0 = not mapped.
    private let bmp: [UInt16]
    /// Glyph ids outside the BMP.
    private let supplementary: [UInt32: UInt16]
    /// The lowest code point mapped to each glyph (0 = none), for ToUnicode maps.
    let firstCodePoint: [UInt32]
    /// The file's bytes (the whole collection for a `.ttc`).
    let data: [UInt8]
    /// Offset and length of the `glyf` table in `data`.
    let glyf: (offset: Int, length: Int)
    /// Glyph offsets into `glyf`, `glyphCount + 1` entries.
    let loca: [UInt32]
    /// The raw `head`, `hhea` and `maxp` tables, copied into subsets with counts patched.
    let head: [UInt8]
    let hhea: [UInt8]
    let maxp: [UInt8]

    /// Reads face `index` of the file at `path`.
    convenience init(contentsOf path: String, faceIndex: Int = 0) throws(RenderError) {
        guard let bytes = Self.read(path) else {
            throw RenderError.font(path: path, message: "cannot read the font file (install it or pass other fonts)")
        }
        try self.init(bytes: bytes, path: path, faceIndex: faceIndex)
    }

    /// The file's bytes, read straight into the array the parser keeps. Read as `Data` and then
    /// copied, WenQuanYi's 5 MB were moved twice at every start of the command.
    private static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        guard var bytes = try? DescriptorIO.read(from: descriptor, upTo: size) else { return nil }
        while bytes.count < size {
            // A read may return less than asked; the rest follows (or the file shrank).
            guard let more = try? DescriptorIO.read(from: descriptor, upTo: size - bytes.count), !more.isEmpty else { return nil }
            bytes += more
        }
        return bytes
    }

    init(bytes: [UInt8], path: String, faceIndex: Int = 0) throws(RenderError) {
        let reader = ByteReader(bytes: bytes)
        func fail(_ message: String) -> RenderError { .font(path: path, message: message) }
        var directory = 0
        guard let tag = reader.u32(0) else { throw fail("file too short to be a font") }
        if tag == 0x7474_6366 {  // 'ttcf'
            guard let count = reader.u32(8), faceIndex < Int(count),
                  let offset = reader.u32(12 + 4 * faceIndex) else {
                throw fail("collection has no face \(faceIndex)")
            }
            directory = Int(offset)
        } else if tag != 0x0001_0000 && tag != 0x7472_7565 {  // 1.0 or 'true'
            throw fail("not a TrueType font (CFF-based OpenType fonts are not supported)")
        }
        guard let tableCount = reader.u16(directory + 4) else { throw fail("truncated table directory") }
        var tables: [String: (offset: Int, length: Int)] = [:]
        for index in 0..<Int(tableCount) {
            let record = directory + 12 + 16 * index
            guard let tagValue = reader.u32(record), let offset = reader.u32(record + 8),
                  let length = reader.u32(record + 12) else { throw fail("truncated table directory") }
            guard Int(offset) + Int(length) <= bytes.count else {
                throw fail("table \(Self.tagName(tagValue)) lies beyond the end of the file")
            }
            tables[Self.tagName(tagValue)] = (Int(offset), Int(length))
        }
        func table(_ name: String) throws(RenderError) -> (offset: Int, length: Int) {
            guard let found = tables[name] else { throw fail("missing '\(name)' table") }
            return found
        }
        let headTable = try table("head"), hheaTable = try table("hhea"), maxpTable = try table("maxp")
        let hmtxTable = try table("hmtx"), locaTable = try table("loca"), glyfTable = try table("glyf")
        let cmapTable = try table("cmap")
        guard headTable.length >= 54, hheaTable.length >= 36, maxpTable.length >= 6 else { throw fail("short head/hhea/maxp") }
        head = Array(bytes[headTable.offset..<headTable.offset + headTable.length])
        hhea = Array(bytes[hheaTable.offset..<hheaTable.offset + hheaTable.length])
        maxp = Array(bytes[maxpTable.offset..<maxpTable.offset + maxpTable.length])
        unitsPerEm = Int(reader.u16(headTable.offset + 18) ?? 1000)
        guard unitsPerEm >= 16 else { throw fail("unitsPerEm \(unitsPerEm) is invalid") }
        boundingBox = (Int(reader.i16(headTable.offset + 36) ?? 0), Int(reader.i16(headTable.offset + 38) ?? 0),
                       Int(reader.i16(headTable.offset + 40) ?? 0), Int(reader.i16(headTable.offset + 42) ?? 0))
        let longLoca = (reader.i16(headTable.offset + 50) ?? 0) == 1
        ascender = Int(reader.i16(hheaTable.offset + 4) ?? 0)
        descender = Int(reader.i16(hheaTable.offset + 6) ?? 0)
        let metricCount = Int(reader.u16(hheaTable.offset + 34) ?? 0)
        glyphCount = Int(reader.u16(maxpTable.offset + 4) ?? 0)
        guard glyphCount > 0, metricCount > 0, metricCount <= glyphCount,
              hmtxTable.length >= metricCount * 4 else { throw fail("inconsistent hhea/maxp/hmtx") }

        var widths = [UInt16](repeating: 0, count: glyphCount)
        for glyph in 0..<glyphCount {
            widths[glyph] = reader.u16(hmtxTable.offset + 4 * min(glyph, metricCount - 1)) ?? 0
        }
        advances = widths

        let entrySize = longLoca ? 4 : 2
        guard locaTable.length >= (glyphCount + 1) * entrySize else { throw fail("short 'loca' table") }
        var offsets = [UInt32](repeating: 0, count: glyphCount + 1)
        for glyph in 0...glyphCount {
            let value = longLoca ? reader.u32(locaTable.offset + 4 * glyph)! : UInt32(reader.u16(locaTable.offset + 2 * glyph)!) * 2
            offsets[glyph] = min(value, UInt32(glyfTable.length))
        }
        loca = offsets
        glyf = glyfTable
        data = bytes

        if let os2 = tables["OS/2"], os2.length >= 90, (reader.u16(os2.offset) ?? 0) >= 2 {
            capHeight = Int(reader.i16(os2.offset + 88) ?? 0)
        } else {
            capHeight = Int(reader.i16(hheaTable.offset + 4) ?? 0)
        }
        if let post = tables["post"], post.length >= 8, let fixed = reader.u32(post.offset + 4) {
            italicAngle = Double(Int32(bitPattern: fixed)) / 65536
        } else {
            italicAngle = 0
        }
        postScriptName = Self.readPostScriptName(reader, tables["name"]) ?? "Font"

        let (bmpMap, supplementaryMap) = try Self.readCmap(reader, cmapTable, glyphCount: glyphCount, fail: fail)
        bmp = bmpMap
        supplementary = supplementaryMap
        var reverse = [UInt32](repeating: 0, count: glyphCount)
        for code in (1..<0x10000).reversed() where bmpMap[code] != 0 {
            reverse[Int(bmpMap[code])] = UInt32(code)
        }
        for (code, glyph) in supplementaryMap where reverse[Int(glyph)] == 0 || reverse[Int(glyph)] > code {
            reverse[Int(glyph)] = code
        }
        firstCodePoint = reverse
    }

    /// The glyph for a code point, or nil when the font has none.
    @inline(__always)
    func glyph(for scalar: Unicode.Scalar) -> UInt16? {
        let value = scalar.value
        let glyph = value < 0x10000 ? bmp[Int(value)] : (supplementary[value] ?? 0)
        return glyph == 0 ? nil : glyph
    }

    /// The outline bytes of a glyph (empty for a blank glyph such as the space).
    func glyphData(_ glyph: Int) -> ArraySlice<UInt8> {
        let start = glyf.offset + Int(loca[glyph]), end = glyf.offset + Int(loca[glyph + 1])
        return end > start ? data[start..<end] : []
    }

    private static func tagName(_ value: UInt32) -> String {
        String(decoding: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)],
               as: UTF8.self)
    }

    private static func readPostScriptName(_ reader: ByteReader, _ table: (offset: Int, length: Int)?) -> String? {
        guard let table, let count = reader.u16(table.offset + 2), let storage = reader.u16(table.offset + 4) else { return nil }
        for index in 0..<Int(count) {
            let record = table.offset + 6 + 12 * index
            guard let platform = reader.u16(record), let nameID = reader.u16(record + 6),
                  let length = reader.u16(record + 8), let offset = reader.u16(record + 10), nameID == 6 else { continue }
            let start = table.offset + Int(storage) + Int(offset)
            guard start + Int(length) <= reader.bytes.count else { continue }
            let raw = reader.bytes[start..<start + Int(length)]
            var name: String
            if platform == 1 {
                name = String(decoding: raw, as: UTF8.self)
            } else {
                var units: [UInt16] = []
                var position = raw.startIndex
                while position + 1 < raw.endIndex {
                    units.append(UInt16(raw[position]) << 8 | UInt16(raw[position + 1]))
                    position += 2
                }
                name = String(decoding: units, as: UTF16.self)
            }
            // A PDF name may hold only printable ASCII without delimiters.
            name = String(name.unicodeScalars.filter { $0.value > 32 && $0.value < 127 && !"()<>[]{}/%#".unicodeScalars.contains($0) })
            if !name.isEmpty { return name }
        }
        return nil
    }

    /// Reads the best Unicode subtable: format 12 (full range) when present, else format 4 (BMP).
    private static func readCmap(_ reader: ByteReader, _ table: (offset: Int, length: Int), glyphCount: Int,
                                 fail: (String) -> RenderError) throws(RenderError) -> ([UInt16], [UInt32: UInt16]) {
        guard let count = reader.u16(table.offset + 2) else { throw fail("truncated 'cmap' table") }
        var format4: Int?
        var format12: Int?
        for index in 0..<Int(count) {
            let record = table.offset + 4 + 8 * index
            guard let platform = reader.u16(record), let encoding = reader.u16(record + 2),
                  let offset = reader.u32(record + 4) else { continue }
            let subtable = table.offset + Int(offset)
            guard let format = reader.u16(subtable) else { continue }
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            guard unicode else { continue }
            if format == 12 { format12 = format12 ?? subtable }
            if format == 4 { format4 = format4 ?? subtable }
        }
        var bmp = [UInt16](repeating: 0, count: 0x10000)
        var supplementary: [UInt32: UInt16] = [:]
        if let subtable = format12 {
            guard let groups = reader.u32(subtable + 12) else { throw fail("truncated cmap format 12") }
            for group in 0..<Int(groups) {
                let record = subtable + 16 + 12 * group
                guard let first = reader.u32(record), let last = reader.u32(record + 4),
                      let startGlyph = reader.u32(record + 8), first <= last, last <= 0x10FFFF else { break }
                for code in first...last {
                    let glyph = startGlyph + (code - first)
                    guard glyph < glyphCount else { continue }
                    if code < 0x10000 { bmp[Int(code)] = UInt16(glyph) } else { supplementary[code] = UInt16(glyph) }
                }
            }
        } else if let subtable = format4 {
            guard let doubledSegments = reader.u16(subtable + 6) else { throw fail("truncated cmap format 4") }
            let segments = Int(doubledSegments) / 2
            let ends = subtable + 14, starts = ends + 2 * segments + 2
            let deltas = starts + 2 * segments, rangeOffsets = deltas + 2 * segments
            for segment in 0..<segments {
                guard let end = reader.u16(ends + 2 * segment), let start = reader.u16(starts + 2 * segment),
                      let delta = reader.u16(deltas + 2 * segment),
                      let rangeOffset = reader.u16(rangeOffsets + 2 * segment), start <= end else { continue }
                for code in Int(start)...Int(end) where code != 0xFFFF {
                    var glyph: Int
                    if rangeOffset == 0 {
                        glyph = (code + Int(delta)) & 0xFFFF
                    } else {
                        let address = rangeOffsets + 2 * segment + Int(rangeOffset) + 2 * (code - Int(start))
                        guard let raw = reader.u16(address) else { continue }
                        glyph = raw == 0 ? 0 : (Int(raw) + Int(delta)) & 0xFFFF
                    }
                    if glyph < glyphCount { bmp[code] = UInt16(glyph) }
                }
            }
        } else {
            throw fail("no Unicode 'cmap' subtable (format 4 or 12)")
        }
        return (bmp, supplementary)
    }
}

/// Bounds-checked big-endian reads; nil past the end, so a damaged font cannot crash us.
struct ByteReader {
    let bytes: [UInt8]

    @inline(__always) func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    @inline(__always) func i16(_ offset: Int) -> Int16? {
        u16(offset).map { Int16(bitPattern: $0) }
    }

    @inline(__always) func u32(_ offset: Int) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
