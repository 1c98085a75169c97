public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a system call left in `errno` when it failed.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Int32

    public init(code: Int32) { self.code = code }

    /// The C library's text for the code (`strerror`).
    public var description: String { String(cString: strerror(code)) }
}

/// Reading and writing a file descriptor whole: each call is retried when a signal interrupts
/// it (`EINTR`) and continued after a short count. The one place Faktura loops on `read(2)`,
/// `write(2)`, `pread(2)` and `pwrite(2)`.
public enum DescriptorIO {
    /// Writes all of `bytes`: at `offset` (`pwrite`) when one is given, else at the descriptor's
    /// position.
    /// - Throws: the `errno` of the call that failed (`EIO` when a call wrote nothing).
    public static func write(_ bytes: some ContiguousBytes, to descriptor: Int32, at offset: Int64? = nil) throws(SystemCallError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let count: Int
                if let offset {
                    count = pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                } else {
                    count = systemWrite(descriptor, raw.baseAddress! + done, raw.count - done)
                }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    failure = count < 0 ? errno : EIO
                    return
                }
                done += count
            }
        }
        if failure != 0 { throw SystemCallError(code: failure) }
    }

    /// The next bytes, at most `count`, from one call (at `offset` with `pread` when given);
    /// empty at the end of the file.
    public static func read(from descriptor: Int32, upTo count: Int, at offset: Int64? = nil) throws(SystemCallError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var failure: Int32 = 0
        let got = buffer.withUnsafeMutableBytes { raw -> Int in
            while true {
                let got: Int
                if let offset {
                    got = pread(descriptor, raw.baseAddress, count, off_t(offset))
                } else {
                    got = systemRead(descriptor, raw.baseAddress, count)
                }
                if got >= 0 { return got }
                if errno != EINTR {
                    failure = errno
                    return 0
                }
            }
        }
        if failure != 0 { throw SystemCallError(code: failure) }
        buffer.removeLast(count - got)
        return buffer
    }

    /// Exactly `count` bytes (from `offset` with `pread` when given), or nil when the file ends first.
    public static func read(from descriptor: Int32, exactly count: Int, at offset: Int64? = nil) throws(SystemCallError) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let chunk = try read(from: descriptor, upTo: count - bytes.count, at: offset.map { $0 + Int64(bytes.count) })
            if chunk.isEmpty { return nil }
            bytes += chunk
        }
        return bytes
    }
}

/// `write(2)` and `read(2)`, named apart from ``DescriptorIO``'s own.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
