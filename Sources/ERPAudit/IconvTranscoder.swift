import SystemIO

/// Converts a stream of bytes in one ``ExportEncoding`` to UTF-8 through ``IconvConversion``
/// (glibc's tables for GB18030, Windows-1251, KOI8-R and UTF-16: nothing hand-written here).
///
/// Chunks may cut a character in two: the cut bytes wait for the next chunk. A byte sequence
/// that is not text in the encoding becomes U+FFFD, which the readers then report as a row
/// that is not valid text (never as data).
final class IconvTranscoder {
    private let conversion: IconvConversion
    private var pending: [UInt8] = []
    /// How many invalid sequences were replaced so far.
    private(set) var replacements = 0
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    init?(from encoding: ExportEncoding) {
        guard let conversion = IconvConversion(from: encoding.iconvName, to: "UTF-8") else { return nil }
        self.conversion = conversion
    }

    /// The UTF-8 of `input` (after any bytes held back from the previous call); with `final`, bytes
    /// left incomplete at the end are replaced instead of held back.
    func convert(_ input: [UInt8], final: Bool) -> [UInt8] {
        var source = pending
        source.append(contentsOf: input)
        pending = []
        var output: [UInt8] = []
        output.reserveCapacity(source.count * 2 + 16)
        var offset = 0
        while offset < source.count {
            let (stopped, stop) = conversion.convert(source, from: offset, into: &output)
            offset = stopped
            switch stop {
            case nil:
                offset = source.count
            case .incompleteCharacter:
                // An incomplete character at the end of the input.
                if final {
                    output.append(contentsOf: Self.replacement)
                    replacements += 1
                } else {
                    pending = Array(source[offset...])
                }
                offset = source.count
            case .invalidSequence, .failed:
                // Not a character of the encoding; replace one byte and go on.
                output.append(contentsOf: Self.replacement)
                replacements += 1
                offset += 1
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
