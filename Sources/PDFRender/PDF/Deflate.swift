import Foundation
private import CHaru

/// zlib compression for PDF `FlateDecode` streams.
enum Deflate {
    /// For per-document streams (page content, the embedded XML): zlib's fastest level
    /// compresses this repetitive text nearly as well as the default, at a fraction of the time.
    static let fastLevel: Int32 = 1

    /// Compresses `bytes` into a zlib stream. Level 6 is zlib's default; the same input
    /// and level always give the same output, which keeps PDFs deterministic.
    ///
    /// The output is byte for byte what `compress2` gives. Its cost for a few kilobytes was
    /// mostly setting up: `compress2` allocates and frees about 270 KB of zlib state per call,
    /// three times a document. Here the state is kept and `deflateReset` starts it afresh.
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let stream = DeflateStreams.shared.take(level: level)
        defer { DeflateStreams.shared.give(stream, level: level) }
        let capacity = Int(deflateBound(stream.pointer, uLong(bytes.count)))
        var output = [UInt8](repeating: 0, count: capacity)
        let produced = output.withUnsafeMutableBufferPointer { destination in
            bytes.withUnsafeBufferPointer { source -> Int in
                let z = stream.pointer
                z.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                z.pointee.avail_in = uInt(source.count)
                z.pointee.next_out = destination.baseAddress
                z.pointee.avail_out = uInt(destination.count)
                let status = deflate(z, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate into a buffer of deflateBound size ends in one call")
                let written = Int(z.pointee.total_out)
                z.pointee.next_in = nil
                z.pointee.next_out = nil
                return written
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}

/// One zlib deflate state, set up for one level and reset between uses.
private final class DeflateStream: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<z_stream>

    init(level: Int32) {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        let status = deflateInit_(pointer, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit cannot fail for a valid level with memory to spare")
    }

    func reset() {
        _ = deflateReset(pointer)
    }

    deinit {
        deflateEnd(pointer)
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}

/// Idle deflate states by level, shared by the threads that render (one each at most in use).
private final class DeflateStreams: @unchecked Sendable {
    static let shared = DeflateStreams()
    private let lock = NSLock()
    private var idle: [Int32: [DeflateStream]] = [:]
    /// Idle states kept per level: enough for every core's render at once.
    private let keep = 16

    func take(level: Int32) -> DeflateStream {
        lock.lock()
        let stream = idle[level]?.popLast()
        lock.unlock()
        return stream ?? DeflateStream(level: level)
    }

    func give(_ stream: DeflateStream, level: Int32) {
        stream.reset()
        lock.lock()
        defer { lock.unlock() }
        if idle[level, default: []].count < keep { idle[level, default: []].append(stream) }
    }
}
