private import CFlate

/// Inflates `FlateDecode` streams with the system zlib, stopping at a byte limit (a 50 KB
/// stream can claim gigabytes).
enum FlateInflater {
    enum Failure: Error {
        case corrupt
        case tooLarge
    }

    /// The inflated bytes of `input[range]`, at most `limit` of them.
    static func inflate(_ input: [UInt8], range: Range<Int>, limit: Int) throws(Failure) -> [UInt8] {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= input.count else { throw .corrupt }
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .corrupt }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: min(limit, max(4096, range.count * 4)))
        var produced = 0
        var status: Int32 = Z_OK
        let result: Int32 = input.withUnsafeBufferPointer { source -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + range.lowerBound)
            stream.avail_in = uInt(range.count)
            while true {
                if produced == output.count {
                    guard output.count < limit else { return -100 }
                    output.append(contentsOf: repeatElement(0, count: min(limit, output.count * 2) - output.count))
                }
                let room = output.count - produced
                status = output.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress! + produced
                    stream.avail_out = uInt(room)
                    let status = CFlate.inflate(&stream, Z_NO_FLUSH)
                    produced = target.count - Int(stream.avail_out)
                    return status
                }
                if status == Z_STREAM_END { return Z_STREAM_END }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { return Z_STREAM_END }
                guard status == Z_OK else { return status }
                if stream.avail_in == 0 && produced < output.count { return Z_STREAM_END }
            }
        }
        if result == -100 { throw .tooLarge }
        guard result == Z_STREAM_END else { throw .corrupt }
        output.removeSubrange(produced...)
        return output
    }
}
