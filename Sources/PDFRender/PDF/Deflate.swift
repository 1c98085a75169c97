private import CHaru

/// zlib compression for PDF `FlateDecode` streams.
enum Deflate {
    /// For per-document streams (page content, the embedded XML): zlib's fastest level
    /// compresses this repetitive text nearly as well as the default, at a fraction of the time.
    static let fastLevel: Int32 = 1

    /// Compresses `bytes` into a zlib stream. Level 6 is zlib's default; the same input
    /// and level always give the same output, which keeps PDFs deterministic.
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { destination in
            bytes.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &capacity, source.baseAddress, uLong(source.count), level)
            }
        }
        precondition(status == Z_OK, "compress2 cannot fail with a buffer of compressBound size")
        output.removeSubrange(Int(capacity)...)
        return output
    }
}
