public import Foundation

/// Workbooks too large to commit, written at test time: a ZIP written byte by byte around a
/// sheet whose DEFLATE stream is made by hand (a fixed-Huffman block of 258-byte copies of a
/// space), so 3 GB of sheet cost 19 MB and a few milliseconds, at 158:1 (under the ZIP-bomb
/// ratio, like the sheet of issue 28 that took 27 s to refuse). The CRC of that sheet is left
/// zero: a reader that checks it has inflated the whole sheet already, which is the failure.
public enum XLSXTestWorkbook {
    /// A one-sheet workbook whose sheet inflates to about `sheetBytes` and whose ZIP entry
    /// declares `declaredBytes` (the real size when nil).
    public static func spaceFilledSheet(sheetBytes: Int, declaredBytes: Int? = nil) -> Data {
        let (sheet, size) = deflatedSpaces(prefix: Array(#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>posting_number</t></is></c></row>"#.utf8),
                                           suffix: Array("</sheetData></worksheet>".utf8), bytes: sheetBytes)
        var zip = ZIPWriter()
        zip.addStored("[Content_Types].xml", Array(#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.utf8))
        zip.addStored("xl/workbook.xml", Array(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="orders" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8))
        zip.addStored("xl/_rels/workbook.xml.rels", Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8))
        zip.addDeflated("xl/worksheets/sheet1.xml", compressed: sheet, uncompressedSize: UInt32(declaredBytes ?? size), crc: 0)
        return zip.finished()
    }

    /// A final fixed-Huffman DEFLATE block: `prefix`, a space repeated to about `bytes` in all,
    /// `suffix`; and the exact inflated size.
    public static func deflatedSpaces(prefix: [UInt8], suffix: [UInt8], bytes: Int) -> (Data, Int) {
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
        for byte in prefix + [0x20] { bits.literal(byte) }
        var size = prefix.count + 1
        // A copy of 258 bytes at distance 1 is 13 bits; eight are 13 bytes, repeated whole
        // once the writer stands on a byte boundary.
        while !bits.isAligned { bits.copy258(); size += 258 }
        var output = bits.takeBytes()
        var group = BitWriter()
        for _ in 0..<8 { group.copy258() }
        let groupBytes = group.takeBytes()
        let groups = max(0, (bytes - size - suffix.count) / (8 * 258))
        var repeated = Data(groupBytes)
        let wanted = groups * groupBytes.count
        repeated.reserveCapacity(wanted)
        while repeated.count < wanted { repeated.append(repeated.prefix(min(repeated.count, wanted - repeated.count))) }
        if groups == 0 { repeated = Data() }
        output.append(repeated)
        size += groups * 8 * 258
        var tail = BitWriter()
        for byte in suffix { tail.literal(byte) }
        tail.write(0, count: 7, huffman: true)  // end of block (code 256)
        size += suffix.count
        output.append(tail.takeBytes(padding: true))
        return (output, size)
    }

    /// DEFLATE's bit order: values least significant bit first, Huffman codes most significant first.
    public struct BitWriter {
        public init() {}
        private var bytes = Data()
        private var current: UInt8 = 0
        private var used = 0

        public var isAligned: Bool { used == 0 }

        public mutating func write(_ value: UInt32, count: Int, huffman: Bool = false) {
            for index in 0..<count {
                let bit = huffman ? (value >> UInt32(count - 1 - index)) & 1 : (value >> UInt32(index)) & 1
                current |= UInt8(bit) << UInt8(used)
                used += 1
                if used == 8 { bytes.append(current); current = 0; used = 0 }
            }
        }

        /// A literal byte under the fixed code (ASCII: 8 bits, 0x30 + byte).
        public mutating func literal(_ byte: UInt8) {
            if byte < 144 { write(0x30 + UInt32(byte), count: 8, huffman: true) } else { write(0x190 + UInt32(byte) - 144, count: 9, huffman: true) }
        }

        /// Length 258 (code 285: 8 bits 11000101) at distance 1 (distance code 0: 5 bits).
        public mutating func copy258() {
            write(0xC5, count: 8, huffman: true)
            write(0, count: 5, huffman: true)
        }

        /// The whole bytes written; with `padding`, the last partial byte too.
        public mutating func takeBytes(padding: Bool = false) -> Data {
            if padding && used > 0 { bytes.append(current); current = 0; used = 0 }
            precondition(used == 0, "taken off a byte boundary")
            defer { bytes = Data() }
            return bytes
        }
    }

    /// A ZIP written by hand (no data descriptors, no ZIP64), so that an entry can declare
    /// what a test wants.
    public struct ZIPWriter {
        public init() {}
        private var body = Data()
        private var directory = Data()
        private var count: UInt16 = 0

        public mutating func addStored(_ name: String, _ bytes: [UInt8]) {
            add(name, method: 0, compressed: Data(bytes), uncompressedSize: UInt32(bytes.count), crc: Self.crc32(bytes))
        }

        public mutating func addDeflated(_ name: String, compressed: Data, uncompressedSize: UInt32, crc: UInt32) {
            add(name, method: 8, compressed: compressed, uncompressedSize: uncompressedSize, crc: crc)
        }

        private mutating func add(_ name: String, method: UInt16, compressed: Data, uncompressedSize: UInt32, crc: UInt32) {
            let offset = UInt32(body.count)
            let nameBytes = Array(name.utf8)
            func common(_ data: inout Data) {
                data.le16(method); data.le16(0); data.le16(0x21)  // method, time, date (1980-01-01)
                data.le32(crc); data.le32(UInt32(compressed.count)); data.le32(uncompressedSize)
                data.le16(UInt16(nameBytes.count)); data.le16(0)
            }
            body.le32(0x0403_4B50); body.le16(20); body.le16(0)
            common(&body)
            body.append(contentsOf: nameBytes)
            body.append(compressed)
            directory.le32(0x0201_4B50); directory.le16(20); directory.le16(20); directory.le16(0)
            common(&directory)
            directory.le16(0); directory.le16(0); directory.le16(0); directory.le32(0); directory.le32(offset)
            directory.append(contentsOf: nameBytes)
            count += 1
        }

        public func finished() -> Data {
            var result = body
            result.append(directory)
            result.le32(0x0605_4B50); result.le16(0); result.le16(0); result.le16(count); result.le16(count)
            result.le32(UInt32(directory.count)); result.le32(UInt32(body.count)); result.le16(0)
            return result
        }

        public static func crc32(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
    }
}

private extension Data {
    mutating func le16(_ value: UInt16) { append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    mutating func le32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
}
