import Archive
import Foundation
import ERPAudit
import Synchronization

/// The export audits of `POST /v1/audits`, each running on a task of its own after its upload
/// arrived: their progress, their reports, whose tenant each is. A job is found only by its
/// tenant with its id (a random 128-bit name); another tenant's id is as unknown as a made-up one.
///
/// Bounded: at most ``maximumRunning`` audits run at once on the server (one more is refused
/// with 503 before its upload is read), a tenant keeps its ``maximumKeptPerTenant`` newest jobs,
/// and a finished job is dropped ``keptFor`` after it finished.
final class AuditJobs: Sendable {
    enum State: Sendable {
        case receiving
        case reading(rows: Int)
        case checking(done: Int, of: Int)
        case done(AuditReport)
        case failed(String)
    }

    struct Job: Sendable {
        let id: String
        let tenant: TenantName
        let exportName: String
        var state: State
        var attachments = 0
        var placedByFileName = 0
        var finishedAt: ContinuousClock.Instant?
        let startedAt: ContinuousClock.Instant
        var finishedInSeconds: Double?
    }

    static let maximumRunning = 2
    static let maximumKeptPerTenant = 20
    static let keptFor: Duration = .seconds(3600)

    private let jobs = Mutex<[String: Job]>([:])

    /// Reserves a running slot for a new job of `tenant`; nil when ``maximumRunning`` run already.
    func reserve(tenant: TenantName) -> String? {
        jobs.withLock { jobs in
            Self.expire(&jobs)
            let running = jobs.values.count { $0.finishedAt == nil }
            guard running < Self.maximumRunning else { return nil }
            let id = Self.randomID()
            jobs[id] = Job(id: id, tenant: tenant, exportName: "", state: .receiving, startedAt: .now)
            let finished = jobs.values.filter { $0.tenant == tenant && $0.finishedAt != nil }.sorted { $0.startedAt < $1.startedAt }
            for old in finished.dropLast(max(0, Self.maximumKeptPerTenant - 1)) { jobs[old.id] = nil }
            return id
        }
    }

    /// The upload arrived: the job is named by its export.
    func started(_ id: String, exportName: String, attachments: Int, placedByFileName: Int) {
        jobs.withLock { jobs in
            guard let job = jobs[id] else { return }
            var named = Job(id: id, tenant: job.tenant, exportName: exportName, state: .reading(rows: 0), startedAt: job.startedAt)
            named.attachments = attachments
            named.placedByFileName = placedByFileName
            jobs[id] = named
        }
    }

    func progress(_ id: String, _ progress: ExportAudit.Progress) {
        jobs.withLock { jobs in
            guard jobs[id]?.finishedAt == nil else { return }
            switch progress {
            case .reading(let rows): jobs[id]?.state = .reading(rows: rows)
            case .checking(let done, let of): jobs[id]?.state = .checking(done: done, of: of)
            }
        }
    }

    /// The job ended (a report, or a failure); the first end counts (a deadline may come first).
    func finish(_ id: String, _ state: State) {
        jobs.withLock { jobs in
            guard let job = jobs[id], job.finishedAt == nil else { return }
            let now = ContinuousClock.now
            jobs[id]?.state = state
            jobs[id]?.finishedAt = now
            let elapsed = now - job.startedAt
            jobs[id]?.finishedInSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    /// The job with this id, when it is the tenant's.
    func job(_ id: String, tenant: TenantName) -> Job? {
        jobs.withLock { jobs in
            Self.expire(&jobs)
            guard let job = jobs[id], job.tenant == tenant else { return nil }
            return job
        }
    }

    private static func expire(_ jobs: inout [String: Job]) {
        let now = ContinuousClock.now
        for (id, job) in jobs {
            if let finished = job.finishedAt, now - finished > keptFor { jobs[id] = nil }
        }
    }

    private static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
