/// The moment by which the caller of some work wants its answer (a server request's deadline),
/// carried into the blocking work it starts (``BlockingWork`` passes it on to its thread): a PDF
/// reader process still reading at that moment is killed, so the request ends at its deadline
/// and no reader runs on after it. Work started without one has no deadline but its budgets.
///
/// ```swift
/// try await WorkDeadline.$current.withValue(.now + .seconds(10)) {
///     try await BlockingWork.run { validator.validate(data: pdf, source: "scan.pdf") }
/// }
/// ```
public enum WorkDeadline {
    @TaskLocal public static var current: ContinuousClock.Instant?
}
