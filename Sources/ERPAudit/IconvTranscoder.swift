#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts a stream of bytes in one ``ExportEncoding`` to UTF-8 with the C library's iconv
/// (glibc's tables for GB18030, Windows-1251, KOI8-R and UTF-16: nothing hand-written here).
///
/// Chunks may cut a character in two: the cut bytes wait for the next chunk. A byte sequence
/// that is not text in the encoding becomes U+FFFD, which the readers then report as a row
/// that is not valid text (never as data).
final class IconvTranscoder {
    private let descriptor: iconv_t
    private var pending: [UInt8] = []
    /// How many invalid sequences were replaced so far.
    private(set) var replacements = 0
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    init?(from encoding: ExportEncoding) {
        let descriptor = iconv_open("UTF-8", encoding.iconvName)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        self.descriptor = descriptor
    }

    deinit {
        iconv_close(descriptor)
    }

    /// The UTF-8 of `input` (after any bytes held back from the previous call); with `final`, bytes
    /// left incomplete at the end are replaced instead of held back.
    func convert(_ input: [UInt8], final: Bool) -> [UInt8] {
        var source = pending
        source.append(contentsOf: input)
        pending = []
        var output: [UInt8] = []
        output.reserveCapacity(source.count * 2 + 16)
        var scratch = [UInt8](repeating: 0, count: max(4096, source.count * 3 + 16))
        var offset = 0
        let total = source.count
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
                case EINVAL:
                    // An incomplete character at the end of the input.
                    if final {
                        output.append(contentsOf: Self.replacement)
                        replacements += 1
                        offset = total
                    } else {
                        pending = Array(UnsafeRawBufferPointer(rebasing: raw[offset...]))
                        offset = total
                    }
                default:
                    // EILSEQ: not a character of the encoding; replace one byte and go on.
                    output.append(contentsOf: Self.replacement)
                    replacements += 1
                    offset += 1
                    // Reset the shift state (UTF-16 byte order, GB18030 has none) after an error.
                    iconv(descriptor, nil, nil, nil, nil)
                }
            }
        }
        return output
    }

    /// The text of a sample in `encoding`, or nil when any of it is not text in that encoding.
    static func decodeSample(_ bytes: [UInt8], from encoding: ExportEncoding, atEnd: Bool) -> String? {
        guard let transcoder = IconvTranscoder(from: encoding) else { return nil }
        let utf8 = transcoder.convert(bytes, final: atEnd)
        guard transcoder.replacements == 0 else { return nil }
        return String(validating: utf8, as: UTF8.self)
    }
}
