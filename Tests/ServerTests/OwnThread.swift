import Foundation

/// Runs blocking work (waiting for a child process) on a thread of its own and awaits it: a
/// test that blocked one of Swift concurrency's threads (one a core) would starve the servers
/// that other tests run in this process meanwhile.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
        Thread { done.resume(with: Result { try work() }) }.start()
    }
}
