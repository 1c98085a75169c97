#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One conversion between two encodings through the C library's iconv (glibc's tables: nothing
/// hand-written): the one place Faktura calls iconv. It converts what it can and stops where the
/// input stops being convertible, saying why; what to do there (hold the bytes back, replace
/// them, write a character reference) is the caller's: the export reader and the UPD writer
/// answer differently.
public final class IconvConversion {
    /// Why ``convert(_:from:into:)`` stopped before the end of its input.
    public enum Stop: Sendable, Equatable {
        /// The input ends inside a character (`EINVAL`): more bytes may complete it.
        case incompleteCharacter
        /// The bytes at the stop are not a character of the source encoding, or have no
        /// counterpart in the target one (`EILSEQ`).
        case invalidSequence
        /// Any other failure of iconv, by its `errno`.
        case failed(errno: Int32)
    }

    private let descriptor: iconv_t

    /// A conversion from `source` to `target` (iconv's names: `UTF-8`, `WINDOWS-1251`, `GB18030`,
    /// `UTF-16LE`, …), or nil when the C library has no such converter.
    public init?(from source: String, to target: String) {
        let descriptor = iconv_open(target, source)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else { return nil }
        self.descriptor = descriptor
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts `input` from byte `offset` on, appending the result to `output`, until the input
    /// ends (stop nil) or cannot go on (the stop, at the returned offset). After an invalid
    /// sequence or a failure the shift state is reset, so the caller may skip bytes and call again.
    public func convert(_ input: [UInt8], from offset: Int, into output: inout [UInt8]) -> (offset: Int, stop: Stop?) {
        let total = input.count
        guard offset < total else { return (total, nil) }
        var scratch = [UInt8](repeating: 0, count: max(4096, (total - offset) * 3 + 16))
        var position = offset
        var stop: Stop?
        input.withUnsafeBytes { raw in
            // iconv's input parameter is not const-qualified, but iconv only reads through it.
            let base = raw.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }
            while position < total {
                var inPointer = base.map { $0 + position }
                var inLeft = total - position
                let (status, code, produced): (Int, Int32, Int) = scratch.withUnsafeMutableBytes { out in
                    var outPointer = out.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count
                    let status = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (status, errno, out.count - outLeft)
                }
                output.append(contentsOf: scratch[0..<produced])
                position = total - inLeft
                guard status == -1 else { break }
                switch code {
                case E2BIG:
                    continue
                case EINVAL:
                    // The state stays: the character's rest comes with the next call.
                    stop = .incompleteCharacter
                    return
                case EILSEQ:
                    stop = .invalidSequence
                default:
                    stop = .failed(errno: code)
                }
                iconv(descriptor, nil, nil, nil, nil)
                return
            }
        }
        return (position, stop)
    }
}
