import Foundation

/// The frames between the auditing process and a PDF reader process (pipes, little endian).
///
/// Request: `mode` (1 byte) + length (4) + the PDF's bytes. Answers: kind (1 byte) + length (4)
/// + payload; a reader sends any number of `.ocrStarted` frames, then one `.readout` or `.failed`.
enum PDFReaderWire {
    typealias Mode = PDFReadMode

    enum Kind: UInt8 {
        /// Payload: the number of pages about to be read by OCR (the time budget grows).
        case ocrStarted = 1
        case readout = 2
        /// Payload: a ``PDFReadError`` kind byte and the reason in UTF-8.
        case failed = 3
    }

    /// Largest frame accepted from a reader (a readout of a 10 MB PDF's text stays far below).
    static let maxFrame = 256 * 1024 * 1024

    static func frame(_ kind: UInt8, _ payload: Data) -> Data {
        var data = Data([kind])
        appendUInt32(&data, UInt32(payload.count))
        data.append(payload)
        return data
    }

    static func appendUInt32(_ data: inout Data, _ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    /// A `.readout` frame: header and payload written into one buffer (no payload copied into
    /// a frame afterwards).
    static func readoutFrame(_ readout: PDFReadout) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(5 + payloadCapacity(readout))
        bytes.append(Kind.readout.rawValue)
        bytes.append(contentsOf: [0, 0, 0, 0])
        append(readout, to: &bytes)
        let count = UInt32(bytes.count - 5)
        for index in 0..<4 { bytes[1 + index] = UInt8(truncatingIfNeeded: count >> (8 * index)) }
        return Data(bytes)
    }

    /// A readout's payload (the body of its `.readout` frame).
    static func encode(_ readout: PDFReadout) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payloadCapacity(readout))
        append(readout, to: &bytes)
        return Data(bytes)
    }

    private static func payloadCapacity(_ readout: PDFReadout) -> Int {
        64 + readout.pages.reduce(0) { $0 + 13 + $1.words.count * 32 } + (readout.embeddedXML?.count ?? 0)
            + readout.ocrRefusals.reduce(0) { $0 + 4 + $1.utf8.count }
    }

    /// Writes the payload into an array: appending to `Data` field by field cost a tenth of reading the PDF.
    private static func append(_ readout: PDFReadout, to bytes: inout [UInt8]) {
        // Four bytes in one append (byte by byte, the uniqueness check per byte was half the cost).
        func uint32(_ value: UInt32) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        // Flags: 1 an embedded XML follows, 2 no page draws an image.
        let noImages: UInt8 = readout.drawsNoImages ? 2 : 0
        if let xml = readout.embeddedXML {
            bytes.append(1 | noImages)
            uint32(UInt32(xml.count))
            bytes.append(contentsOf: xml)
        } else {
            bytes.append(noImages)
        }
        uint32(UInt32(readout.pagesNotRead))
        uint32(UInt32(readout.pages.count))
        for page in readout.pages {
            uint32(page.width.bitPattern)
            uint32(page.height.bitPattern)
            bytes.append(page.fromOCR ? 1 : 0)
            uint32(UInt32(page.words.count))
            for word in page.words {
                var text = word.text
                text.withUTF8 { utf8 in
                    uint32(UInt32(utf8.count))
                    bytes.append(contentsOf: utf8)
                }
                uint32(word.x0.bitPattern)
                uint32(word.y0.bitPattern)
                uint32(word.x1.bitPattern)
                uint32(word.y1.bitPattern)
                uint32((word.confidence ?? -1).bitPattern)
            }
        }
        uint32(UInt32(readout.ocrRefusals.count))
        for refusal in readout.ocrRefusals {
            var text = refusal
            text.withUTF8 { utf8 in
                uint32(UInt32(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }
    }

    struct Truncated: Error {}

    /// Reads what ``encode(_:)`` wrote; throws on a short or inconsistent payload.
    static func decode(_ data: Data) throws(Truncated) -> PDFReadout {
        try decode(bytes: [UInt8](data))
    }

    /// ``decode(_:)`` of the payload as the reader's pipe gave it (no copy into `Data` and back).
    static func decode(bytes: [UInt8]) throws(Truncated) -> PDFReadout {
        var reader = ByteReader(bytes: bytes)
        var readout = PDFReadout()
        let flags = try reader.byte()
        guard flags & ~3 == 0 else { throw Truncated() }
        readout.drawsNoImages = flags & 2 != 0
        if flags & 1 != 0 {
            let count = Int(try reader.uint32())
            readout.embeddedXML = Data(try reader.bytes(count))
        }
        readout.pagesNotRead = Int(try reader.uint32())
        let pageCount = Int(try reader.uint32())
        for _ in 0..<pageCount {
            var page = PDFPageText(width: try reader.float(), height: try reader.float(), words: [])
            page.fromOCR = try reader.byte() == 1
            let wordCount = Int(try reader.uint32())
            guard wordCount <= reader.remaining / 24 else { throw Truncated() }
            page.words.reserveCapacity(wordCount)
            for _ in 0..<wordCount {
                let text = String(decoding: try reader.bytes(Int(try reader.uint32())), as: UTF8.self)
                let x0 = try reader.float(), y0 = try reader.float(), x1 = try reader.float(), y1 = try reader.float()
                let confidence = try reader.float()
                page.words.append(PDFTextWord(text: text, x0: x0, y0: y0, x1: x1, y1: y1,
                                              confidence: confidence < 0 ? nil : confidence))
            }
            readout.pages.append(page)
        }
        let refusals = Int(try reader.uint32())
        guard refusals <= reader.remaining / 4 else { throw Truncated() }
        for _ in 0..<refusals {
            readout.ocrRefusals.append(String(decoding: try reader.bytes(Int(try reader.uint32())), as: UTF8.self))
        }
        return readout
    }

    struct ByteReader {
        let bytes: [UInt8]
        var offset = 0

        var remaining: Int { bytes.count - offset }

        mutating func byte() throws(Truncated) -> UInt8 {
            guard offset < bytes.count else { throw Truncated() }
            offset += 1
            return bytes[offset - 1]
        }

        mutating func uint32() throws(Truncated) -> UInt32 {
            guard remaining >= 4 else { throw Truncated() }
            let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
            offset += 4
            return value
        }

        mutating func float() throws(Truncated) -> Float { Float(bitPattern: try uint32()) }

        mutating func bytes(_ count: Int) throws(Truncated) -> ArraySlice<UInt8> {
            guard count >= 0, remaining >= count else { throw Truncated() }
            offset += count
            return bytes[(offset - count)..<offset]
        }
    }
}
