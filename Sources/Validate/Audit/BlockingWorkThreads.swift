import Foundation

/// Threads of their own for work that blocks on another process: an attachment check waits on
/// its `faktura-pdf-reader` while the reader works. On Swift's cooperative pool (one thread a
/// core) such a wait holds the core's thread, so with `--jobs` equal to the cores a core idles
/// whenever its check waits; on these threads the waits overlap the other checks' work.
/// A thread ends after a second with nothing to do.
final class BlockingWorkThreads: @unchecked Sendable {
    static let shared = BlockingWorkThreads()

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var next = 0
    private var threads = 0
    private var idleThreads = 0

    /// Runs `work` on one of these threads, starting one when no idle thread is left for it.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            condition.lock()
            jobs.append { continuation.resume(returning: work()) }
            // An idle thread woken may not have taken its job yet: one thread per queued job.
            if idleThreads < jobs.count - next {
                threads += 1
                let thread = Thread { [self] in loop() }
                thread.stackSize = 8 << 20
                thread.start()
            } else {
                condition.signal()
            }
            condition.unlock()
        }
    }

    private func loop() {
        condition.lock()
        while true {
            if next < jobs.count {
                let job = jobs[next]
                next += 1
                if next == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    next = 0
                }
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            idleThreads += 1
            let woken = condition.wait(until: Date(timeIntervalSinceNow: 1))
            idleThreads -= 1
            if !woken && next == jobs.count {
                threads -= 1
                condition.unlock()
                return
            }
        }
    }
}
