#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Encodes the UPD's XML text in windows-1251, the encoding the tax service's formats use, with
/// the C library's iconv. A character windows-1251 lacks (a Chinese seller's name, an emoji)
/// becomes a character reference `&#N;`, which every XML reader turns back into the character:
/// nothing is dropped or replaced. (The writer puts data only in attributes and text, where a
/// reference is allowed.)
enum WindowsCP1251 {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func encode(_ text: String) throws(Failure) -> Data {
        guard let descriptor = iconv_open("WINDOWS-1251", "UTF-8"), descriptor != iconv_t(bitPattern: -1) else {
            throw Failure(description: "iconv has no windows-1251 converter")
        }
        defer { iconv_close(descriptor) }
        var source = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(source.count)
        var scratch = [UInt8](repeating: 0, count: max(4096, source.count + 16))
        var offset = 0
        let total = source.count
        var failure: Failure?
        source.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            while offset < total {
                var inPointer: UnsafeMutablePointer<CChar>? = base.map { $0 + offset }
                var inLeft = total - offset
                let (status, code, produced): (Int, Int32, Int) = scratch.withUnsafeMutableBytes { out in
                    var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    let status = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (status, errno, out.count - outLeft)
                }
                output.append(contentsOf: scratch[0..<produced])
                offset = total - inLeft
                guard status == -1 else { break }
                switch code {
                case E2BIG:
                    continue
                case EILSEQ:
                    // The UTF-8 sequence at `offset` is a character windows-1251 lacks.
                    let length = Self.sequenceLength(raw[offset])
                    let end = min(total, offset + length)
                    let scalar = String(decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<end]), as: UTF8.self)
                        .unicodeScalars.first?.value ?? 0xFFFD
                    output.append(contentsOf: Array("&#\(scalar);".utf8))
                    offset = end
                    iconv(descriptor, nil, nil, nil, nil)
                default:
                    failure = Failure(description: "iconv stopped at byte \(offset) (errno \(code))")
                    offset = total
                }
            }
        }
        if let failure { throw failure }
        return Data(output)
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
