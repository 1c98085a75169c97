import FakturaTestSupport
import Foundation
import Testing
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// The one EINTR-safe read and write (SystemIO): whole counts, offsets, end of file, and a read
/// that a signal interrupts goes on instead of failing.
@Suite("DescriptorIO")
struct DescriptorIOTests {
    @Test func writesAndReadsWholeCountsAtOffsetsAndSaysWhereTheFileEnds() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let path = scratch.path("descriptor-io").path
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try DescriptorIO.write(bytes, to: fd)
        try DescriptorIO.write(Data([1, 2, 3]), to: fd, at: 10)
        #expect(try DescriptorIO.read(from: fd, exactly: 5, at: 9) == [bytes[9], 1, 2, 3, bytes[13]])
        #expect(try DescriptorIO.read(from: fd, exactly: 300_000, at: 0)?.count == 300_000)
        #expect(try DescriptorIO.read(from: fd, exactly: 2, at: 299_999) == nil)
        #expect(try DescriptorIO.read(from: fd, upTo: 10, at: 300_000) == [])
        #expect(throws: SystemCallError(code: EBADF)) { try DescriptorIO.write([1], to: -1) }
    }

    @Test func aReadInterruptedByASignalGoesOn() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        // A handler installed without SA_RESTART: a blocked read(2) returns EINTR when it runs.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        #expect(sigaction(SIGUSR1, &action, &previous) == 0)
        defer { sigaction(SIGUSR1, &previous, nil) }

        let reader = ReaderThread(descriptor: ends[0])
        reader.start()
        let started = try #require(reader.thread(within: 10))
        for _ in 0..<5 {
            usleep(20_000)
            pthread_kill(started, SIGUSR1)
        }
        try DescriptorIO.write(Array("hello".utf8), to: ends[1])
        let result = try #require(reader.result(within: 10))
        #expect(result == .success(Array("hello".utf8)))
    }
}

/// A thread blocked in `DescriptorIO.read(from:exactly:)`, with waits that have deadlines.
private final class ReaderThread: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSCondition()
    private var handle: pthread_t?
    private var outcome: Result<[UInt8], SystemCallError>?

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func start() {
        Thread { self.run() }.start()
    }

    private func run() {
        lock.lock()
        handle = pthread_self()
        lock.broadcast()
        lock.unlock()
        let read: Result<[UInt8], SystemCallError>
        do {
            read = .success(try DescriptorIO.read(from: descriptor, exactly: 5) ?? [])
        } catch {
            read = .failure(error)
        }
        lock.lock()
        outcome = read
        lock.broadcast()
        lock.unlock()
    }

    func thread(within seconds: Double) -> pthread_t? {
        wait(seconds) { self.handle }
    }

    func result(within seconds: Double) -> Result<[UInt8], SystemCallError>? {
        wait(seconds) { self.outcome }
    }

    private func wait<T>(_ seconds: Double, _ value: () -> T?) -> T? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        lock.lock()
        defer { lock.unlock() }
        while value() == nil, lock.wait(until: deadline) {}
        return value()
    }
}
