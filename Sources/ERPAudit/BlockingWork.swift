import Dispatch
import PDFReading

/// Runs synchronous work that waits on something else — a PDF read in a worker process,
/// rendering, an archive write — on Dispatch's global queue, never on one of Swift concurrency's
/// cooperative threads (one a core) nor on a server's event loop. A check waiting on its reader
/// process held a cooperative thread, so a core idled while the reader worked; Dispatch's pool
/// on Linux adds a worker when its workers block, so the waits overlap other checks' work.
///
/// The caller's ``WorkDeadline`` goes with the work to its thread.
public enum BlockingWork {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let deadline = WorkDeadline.current
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                WorkDeadline.$current.withValue(deadline) {
                    continuation.resume(with: Result { try work() })
                }
            }
        }
    }

    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let deadline = WorkDeadline.current
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                WorkDeadline.$current.withValue(deadline) {
                    continuation.resume(returning: work())
                }
            }
        }
    }
}
