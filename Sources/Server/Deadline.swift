/// A time limit on one piece of a request's work (reading its body, running the engine):
/// past it the request is answered with an error and the work is cancelled.
struct Deadline: Sendable {
    let limit: Duration

    /// The limit in seconds as messages write it (`30.0`): a figure, the same in every language.
    var seconds: String { Self.seconds(limit) }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(Double(seconds) + Double(attoseconds) / 1e18)"
    }

    /// Runs `work`, throwing `expired` when it has not finished within the limit.
    func run<T: Sendable>(expired: APIError, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw expired }
            return result
        }
    }
}
