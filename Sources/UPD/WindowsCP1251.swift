import Foundation
import SystemIO

/// Encodes the UPD's XML text in windows-1251, the encoding the tax service's formats use, through
/// ``IconvConversion``. A character windows-1251 lacks (a Chinese seller's name, an emoji)
/// becomes a character reference `&#N;`, which every XML reader turns back into the character:
/// nothing is dropped or replaced. (The writer puts data only in attributes and text, where a
/// reference is allowed.)
enum WindowsCP1251 {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func encode(_ text: String) throws(Failure) -> Data {
        guard let conversion = IconvConversion(from: "UTF-8", to: "WINDOWS-1251") else {
            throw Failure(description: "iconv has no windows-1251 converter")
        }
        let source = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(source.count)
        var offset = 0
        while offset < source.count {
            let (stopped, stop) = conversion.convert(source, from: offset, into: &output)
            offset = stopped
            switch stop {
            case nil:
                offset = source.count
            case .invalidSequence:
                // The UTF-8 sequence at `offset` is a character windows-1251 lacks.
                let end = min(source.count, offset + Self.sequenceLength(source[offset]))
                let scalar = String(decoding: source[offset..<end], as: UTF8.self).unicodeScalars.first?.value ?? 0xFFFD
                output.append(contentsOf: Array("&#\(scalar);".utf8))
                offset = end
            case .incompleteCharacter, .failed:
                throw Failure(description: "iconv stopped at byte \(offset) (\(stop!))")
            }
        }
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
