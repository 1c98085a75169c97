import Foundation
private import CDeflate

/// zlib-format compression for PDF `FlateDecode` streams, through libdeflate.
///
/// libdeflate compresses a whole buffer in one call. At level 1, for a page's 20–25 KB of
/// operators, it took half zlib's time at zlib's level 1 (55 against 112 µs) and its output
/// was a tenth smaller; compressing the page was a seventh of a счёт-фактура's render.
enum Deflate {
    /// For per-document streams (page content, the embedded XML): the fastest level compresses
    /// this repetitive text nearly as well as the default, at a fraction of the time.
    static let fastLevel: Int32 = 1

    /// Compresses `bytes` into a zlib stream (`FlateDecode`). Level 6 is the default; the same
    /// input and level always give the same output, which keeps PDFs deterministic.
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let compressor = Compressors.shared.take(level: level)
        defer { Compressors.shared.give(compressor, level: level) }
        let capacity = libdeflate_zlib_compress_bound(compressor.pointer, bytes.count)
        return bytes.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: capacity) { destination, count in
                count = libdeflate_zlib_compress(compressor.pointer, source.baseAddress, source.count,
                                                 destination.baseAddress, destination.count)
                // The bound is what libdeflate says the worst case needs: 0 (no room) cannot happen.
                precondition(count > 0, "libdeflate compresses into a buffer of its own bound")
            }
        }
    }
}

/// One libdeflate compressor for one level. Setting one up allocates its tables (hundreds of
/// kilobytes at the higher levels), so they are kept and reused; one is used by one thread at a time.
private final class Compressor: @unchecked Sendable {
    let pointer: OpaquePointer

    init(level: Int32) {
        guard let pointer = libdeflate_alloc_compressor(level) else {
            preconditionFailure("libdeflate_alloc_compressor fails only for a level outside 0–12 or without memory")
        }
        self.pointer = pointer
    }

    deinit {
        libdeflate_free_compressor(pointer)
    }
}

/// Idle compressors by level, shared by the threads that render (one each at most in use).
private final class Compressors: @unchecked Sendable {
    static let shared = Compressors()
    private let lock = NSLock()
    private var idle: [Int32: [Compressor]] = [:]
    /// Idle compressors kept per level: enough for every core's render at once.
    private let keep = 16

    func take(level: Int32) -> Compressor {
        lock.lock()
        let compressor = idle[level]?.popLast()
        lock.unlock()
        return compressor ?? Compressor(level: level)
    }

    func give(_ compressor: Compressor, level: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if idle[level, default: []].count < keep { idle[level, default: []].append(compressor) }
    }
}
