private import CHaru

/// Checks a PNG completely before libharu sees it.
///
/// libharu 2.3.0 lets libpng abort the whole process on a damaged PNG (its libpng error
/// callback returns instead of jumping out), so anything libpng could complain about is
/// checked here first: chunk bounds and CRCs, the header, and that the image data inflates
/// to exactly the rows the header promises, each with a valid filter byte.
enum PNGCheck {
    /// The most bytes one image may decode to (libharu holds the whole image in memory,
    /// and this check inflates it once more): 64 MiB, e.g. 4096×4096 RGBA at 8 bits.
    static let decodedByteLimit = 64 << 20
    private static let colourNames: [UInt8: String] = [0: "grey", 2: "RGB", 3: "palette", 4: "grey-alpha", 6: "RGBA"]
    private static let channels: [UInt8: Int] = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4]

    /// nil when the PNG is safe to hand to libharu, else what is wrong.
    static func problem(_ bytes: [UInt8]) -> String? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 8, Array(bytes[0..<8]) == signature else { return "not a PNG file" }
        let reader = ByteReader(bytes: bytes)
        var position = 8
        var header: (width: Int, height: Int, depth: UInt8, color: UInt8, interlace: UInt8)?
        var data: [UInt8] = []
        var sawPalette = false
        var sawEnd = false
        while position + 12 <= bytes.count {
            guard let length = reader.u32(position), Int(length) <= bytes.count - position - 12 else {
                return "chunk at byte \(position) runs past the end of the file"
            }
            let typeStart = position + 4, dataStart = position + 8, dataEnd = dataStart + Int(length)
            let type = String(decoding: bytes[typeStart..<typeStart + 4], as: UTF8.self)
            let stored = reader.u32(dataEnd) ?? 0
            let computed = bytes.withUnsafeBufferPointer { buffer in
                UInt32(crc32(0, buffer.baseAddress! + typeStart, uInt(length + 4)))
            }
            guard stored == computed else { return "chunk \(type) is damaged (CRC mismatch)" }
            if header == nil && type != "IHDR" { return "the first chunk is \(type), not IHDR" }
            switch type {
            case "IHDR":
                guard length == 13, let width = reader.u32(dataStart), let height = reader.u32(dataStart + 4) else {
                    return "malformed IHDR"
                }
                header = (Int(width), Int(height), bytes[dataStart + 8], bytes[dataStart + 9], bytes[dataStart + 12])
                guard bytes[dataStart + 10] == 0, bytes[dataStart + 11] == 0 else { return "unknown compression or filter method" }
                // Budgeted from the header alone, before anything is inflated: a small file can
                // promise a huge image (10000×10000 RGBA at 16 bits is 800 MB from 778 KB).
                if let problem = budgetProblem(width: Int(width), height: Int(height), depth: bytes[dataStart + 8],
                                               colour: bytes[dataStart + 9]) {
                    return problem
                }
            case "PLTE":
                sawPalette = true
            case "IDAT":
                data.append(contentsOf: bytes[dataStart..<dataEnd])
            case "IEND":
                sawEnd = true
            default:
                break
            }
            position = dataEnd + 4
            if sawEnd { break }
        }
        guard let header, sawEnd else { return "the file is truncated (no IEND chunk)" }
        let allowed: [UInt8: [UInt8]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[header.color], depths.contains(header.depth), let channelCount = channels[header.color] else {
            return "invalid colour type \(header.color) with bit depth \(header.depth)"
        }
        guard header.interlace == 0 else { return "interlaced PNGs are not supported; save the image without interlacing" }
        guard header.color != 3 || sawPalette else { return "palette image without a PLTE chunk" }
        guard (1...10_000).contains(header.width), (1...10_000).contains(header.height) else {
            return "image of \(header.width)×\(header.height) pixels is out of range (1–10000)"
        }
        let rowBytes = (header.width * channelCount * Int(header.depth) + 7) / 8
        let expected = header.height * (rowBytes + 1)
        var pixels = [UInt8](repeating: 0, count: expected + 1)
        var produced = uLongf(pixels.count)
        let status = pixels.withUnsafeMutableBufferPointer { destination in
            data.withUnsafeBufferPointer { source in
                uncompress(destination.baseAddress, &produced, source.baseAddress, uLong(source.count))
            }
        }
        guard status == Z_OK, Int(produced) == expected else { return "the image data does not match its size" }
        for row in 0..<header.height where pixels[row * (rowBytes + 1)] > 4 {
            return "row \(row) has an invalid filter type"
        }
        return nil
    }

    /// The decoded size the header promises, refused over ``decodedByteLimit``.
    private static func budgetProblem(width: Int, height: Int, depth: UInt8, colour: UInt8) -> String? {
        let channelCount = channels[colour] ?? 4
        // In floating point: the header's 32-bit sides would overflow an integer product.
        let decoded = Double(height) * ((Double(width) * Double(channelCount * Int(depth)) / 8).rounded(.up) + 1)
        guard decoded > Double(decodedByteLimit) else { return nil }
        let megabytes = { (bytes: Double) in "\(Int((bytes / 1_048_576).rounded(.up))) MB" }
        return "a \(width)×\(height) \(depth)-bit \(colourNames[colour] ?? "colour type \(colour)") image decodes to "
            + "\(megabytes(decoded)), over the limit of \(megabytes(Double(decodedByteLimit))) per image; scale it down "
            + "(a logo or stamp needs no more than about 1000×1000 pixels at 8 bits)"
    }
}
