/// The pixel size an image's encoded data claims in its own header, read without decoding a
/// pixel: JBIG2's page information and region headers, JPEG 2000's `ihdr` box and `SIZ` marker.
/// poppler sizes its buffers from these (a JBIG2 page of 60,000 × 60,000 is a 450 MB bitmap
/// before the first pixel is decoded), so they are held to the OCR pixel budget as the image
/// dictionary's `/Width` and `/Height` are.
///
/// Reads at most the bytes it is given (a window at the start of the stream) and a bounded
/// number of headers; malformed or cut-short data gives what was read so far.
enum ImageCodestreamHeader {
    /// Segments looked at in one JBIG2 stream.
    static let maxSegments = 1_000
    /// Boxes looked at in one JPEG 2000 file.
    static let maxBoxes = 256

    /// The largest width × height a JBIG2 embedded stream (PDF's `JBIG2Decode`, no file
    /// header) claims in a page-information or region segment; nil when it claims none.
    static func jbig2Size(_ bytes: ArraySlice<UInt8>) -> (width: Int, height: Int)? {
        var reader = Reader(bytes)
        var largest: (width: Int, height: Int)?
        for _ in 0..<maxSegments {
            guard let number = reader.uint32(), let flags = reader.byte(), let countByte = reader.byte() else { break }
            var referred = Int(countByte >> 5)
            if referred == 7 {
                // Long form: the count is the low 29 bits of four bytes, then retention bits.
                guard let rest = reader.take(3) else { break }
                referred = rest.reduce(Int(countByte & 0x1F)) { $0 << 8 | Int($1) }
                guard referred <= 1 << 16, reader.skip((referred + 8) / 8) else { break }
            } else if referred > 4 {
                break
            }
            let referenceSize = number <= 256 ? 1 : number <= 65_536 ? 2 : 4
            guard reader.skip(referred * referenceSize), reader.skip(flags & 0x40 != 0 ? 4 : 1),
                  let length = reader.uint32() else { break }
            let type = flags & 0x3F
            let dataStart = reader.position
            let claimed: (width: Int, height: Int)?
            switch type {
            case 48:  // page information: width, height (0xFFFFFFFF: striped, known at the end)
                if let width = reader.uint32(), let height = reader.uint32() {
                    claimed = (Int(width), height == 0xFFFF_FFFF ? 0 : Int(height))
                } else {
                    claimed = nil
                }
            case 4, 6, 7, 20, 22, 23, 36, 38, 39, 40, 42, 43:  // region segments: region info first
                if let width = reader.uint32(), let height = reader.uint32() {
                    claimed = (Int(width), Int(height))
                } else {
                    claimed = nil
                }
            default:
                claimed = nil
            }
            if let claimed, pixels(claimed) > (largest.map(pixels) ?? -1) {
                largest = claimed
            }
            // An unknown length (an immediate generic region of unknown size) ends what can be read.
            guard length != 0xFFFF_FFFF else { break }
            reader.position = dataStart
            guard reader.skip(Int(length)) else { break }
        }
        return largest
    }

    /// The width × height a JPEG 2000 image (`JPXDecode`: a JP2 file or a bare codestream)
    /// claims in its `ihdr` box or `SIZ` marker, the larger when both; nil when it claims none.
    static func jpxSize(_ bytes: ArraySlice<UInt8>) -> (width: Int, height: Int)? {
        var claims: [(width: Int, height: Int)] = []
        var reader = Reader(bytes)
        if let size = codestreamSize(&reader) {
            claims.append(size)
        } else {
            reader.position = bytes.startIndex
            boxes(&reader, end: bytes.endIndex, depth: 0, into: &claims)
        }
        return claims.max { pixels($0) < pixels($1) }
    }

    /// width × height, `Int.max` when that overflows (two 32-bit sizes can).
    static func pixels(_ size: (width: Int, height: Int)) -> Int {
        let (product, overflow) = size.width.multipliedReportingOverflow(by: size.height)
        return overflow ? Int.max : product
    }

    /// A codestream's `SIZ` (it follows `SOC`, `FF4F`): image size less its offset.
    private static func codestreamSize(_ reader: inout Reader) -> (width: Int, height: Int)? {
        guard reader.byte() == 0xFF, reader.byte() == 0x4F, reader.byte() == 0xFF, reader.byte() == 0x51,
              reader.skip(4), let width = reader.uint32(), let height = reader.uint32(),
              let left = reader.uint32(), let top = reader.uint32() else { return nil }
        return (Int(width) - Int(min(left, width)), Int(height) - Int(min(top, height)))
    }

    private static func boxes(_ reader: inout Reader, end: Int, depth: Int, into claims: inout [(width: Int, height: Int)]) {
        guard depth < 4 else { return }
        for _ in 0..<maxBoxes {
            let start = reader.position
            guard start + 8 <= end, let length32 = reader.uint32(), let type = reader.uint32() else { return }
            var length = Int(length32)
            if length32 == 1 {
                guard let high = reader.uint32(), let low = reader.uint32(), high < 1 << 16 else { return }
                length = Int(high) << 32 | Int(low)
            } else if length32 == 0 {
                length = end - start
            }
            let contentStart = reader.position
            guard length >= contentStart - start else { return }
            let boxEnd = start + length
            switch type {
            case 0x6A70_3268:  // jp2h: a superbox
                boxes(&reader, end: min(boxEnd, end), depth: depth + 1, into: &claims)
            case 0x6968_6472:  // ihdr: HEIGHT, WIDTH
                if let height = reader.uint32(), let width = reader.uint32() { claims.append((Int(width), Int(height))) }
            case 0x6A70_3263:  // jp2c: the codestream
                if let size = codestreamSize(&reader) { claims.append(size) }
                return
            default:
                break
            }
            guard boxEnd <= end, boxEnd > start else { return }
            reader.position = boxEnd
        }
    }

    /// Big-endian reads inside a slice, nil past its end.
    private struct Reader {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        mutating func byte() -> UInt8? {
            guard position < bytes.endIndex else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, count <= bytes.endIndex - position else { return nil }
            defer { position += count }
            return bytes[position..<position + count]
        }

        mutating func uint32() -> UInt32? {
            guard let four = take(4) else { return nil }
            return four.reduce(0) { $0 << 8 | UInt32($1) }
        }

        /// Moves `count` bytes on; false (and no move) past the end.
        mutating func skip(_ count: Int) -> Bool {
            guard count >= 0, count <= bytes.endIndex - position else { return false }
            position += count
            return true
        }
    }
}
