import Dispatch

/// Runs the engine's synchronous work (rendering, validation, PDF reading in worker
/// processes, archive writes) on Dispatch's global queue, so it never holds an event loop
/// or one of Swift concurrency's few cooperative threads.
enum BlockingWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
