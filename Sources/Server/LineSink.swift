import Foundation
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// One writer per file descriptor, shared by every handler writing there.
final class LineSink: @unchecked Sendable {
    private let fileDescriptor: Int32
    private let lock = NSLock()
    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var sinks: [Int32: LineSink] = [:]

    private init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

    static func shared(for fileDescriptor: Int32) -> LineSink {
        registryLock.lock()
        defer { registryLock.unlock() }
        if let sink = sinks[fileDescriptor] { return sink }
        let sink = LineSink(fileDescriptor: fileDescriptor)
        sinks[fileDescriptor] = sink
        return sink
    }

    func write(_ line: String) {
        let bytes = Array(line.utf8)
        lock.lock()
        defer { lock.unlock() }
        // A log line that cannot be written (a closed descriptor, a full disk) is dropped.
        try? DescriptorIO.write(bytes, to: fileDescriptor)
    }
}
