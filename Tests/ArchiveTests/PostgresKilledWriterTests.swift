import Archive
import FakturaTestSupport
import Foundation
import Testing

/// Several `faktura archive --database … add` processes on one PostgreSQL at once, in two
/// tenants, one of them killed with SIGKILL while it writes: every add that was acknowledged
/// is in its tenant's chain, the killed one left all or nothing, and `verify` passes.
@Suite("PostgreSQL archive: concurrent processes, one killed", .serialized)
struct PostgresKilledWriterTests {
    /// The entry hashes a run of `add --format json` acknowledged.
    static func acknowledged(_ result: CLIResult) -> [(posting: String, hash: String)] {
        guard result.status == 0,
              let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let results = json["results"] as? [[String: Any]] else { return [] }
        return results.compactMap { item in
            guard let entry = item["entry"] as? [String: Any], let posting = entry["posting"] as? String,
                  let hash = entry["entryHash"] as? String else { return nil }
            return (posting, hash)
        }
    }

    @Test func everyAcknowledgedAddIsInItsChainAfterAWriterIsKilled() async throws {
        let server = try PostgresTestServer.shared()
        let folder = ScratchFolder()
        defer { folder.remove() }
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let tenants = ["kill-a-\(suffix)", "kill-b-\(suffix)"]
        // Two writers per tenant, each adding its PDFs one process at a time.
        let perWriter = 3
        var writers: [(tenant: String, files: [URL])] = []
        for (t, tenant) in tenants.enumerated() {
            for w in 0..<2 {
                let files = try (0..<perWriter).map { n in
                    let url = folder.path("\(tenant)-\(w)-\(n).pdf")
                    try fakturaPDF(posting: "01000000\(t)\(w)-000\(n)-1").write(to: url)
                    return url
                }
                writers.append((tenant, files))
            }
        }
        // The victim: one add of many PDFs (one transaction) in tenant a, killed mid-way.
        let victimFiles = try (0..<16).map { n in
            let url = folder.path("victim-\(n).pdf")
            try fakturaPDF(posting: "0200000000-\(String(format: "%04d", n))-1").write(to: url)
            return url
        }

        let results = ConcurrentAcks()
        let group = DispatchGroup()
        for writer in writers {
            DispatchQueue.global().async(group: group) {
                for file in writer.files {
                    let run = try? CLI.run(["archive", "--database", server.url, "--tenant", writer.tenant, "add",
                                            file.path, "--format", "json"])
                    if let run { results.add(tenant: writer.tenant, Self.acknowledged(run), failure: run.status == 0 ? nil : run.stderr) }
                }
            }
        }
        // Killed at different moments, so that some die while reading and validating, some
        // while their transaction is open (the same files each time: a later victim that gets
        // through finds what an earlier one committed). The moments are fractions of how long
        // the same add takes on this machine now, measured in a tenant of its own: fixed delays
        // were too short on an idle machine (every victim had finished within 400 ms) and, slept
        // on a busy cooperative pool, too long on a loaded one.
        let arguments = ["archive", "--database", server.url, "--tenant", tenants[0], "add"] + victimFiles.map(\.path)
        let clock = ContinuousClock()
        let calibrationStart = clock.now
        let calibration = try CLI.run(["archive", "--database", server.url, "--tenant", "kill-c-\(suffix)", "add"]
                                      + victimFiles.map(\.path))
        let whole = clock.now - calibrationStart
        #expect(calibration.status == 0, "\(calibration.stderr)")
        let delays = [0.1, 0.3, 0.55, 0.8].map { whole * $0 }
        // The pauses are slept on a thread of their own: a sleeping task resumes only when the
        // cooperative pool has a free thread, which other tests' synchronous waits may hold.
        let (killed, endings) = await withCheckedContinuation { (continuation: CheckedContinuation<(Int, [String]), Never>) in
            Thread.detachNewThread {
                var killed = 0
                var endings: [String] = []
                for delay in delays {
                    guard let victim = try? CLI.start(arguments, discardOutput: true).process else {
                        endings.append("\(delay): faktura could not be started")
                        continue
                    }
                    let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
                    Thread.sleep(forTimeInterval: seconds)
                    // kill() reaps it too, with waitpid.
                    let ended = victim.kill()
                    if ended == .signalled(SIGKILL) { killed += 1 } else { endings.append("\(delay): \(ended)") }
                }
                continuation.resume(returning: (killed, endings))
            }
        }
        #expect(killed > 0, "every victim finished before it was killed (the whole add took \(whole)): \(endings)")
        await withCheckedContinuation { continuation in group.notify(queue: .global()) { continuation.resume() } }

        #expect(results.failures.isEmpty, "\(results.failures)")
        #expect(results.count == writers.count * perWriter)
        let location = try ArchiveLocation.database(server.url)
        for tenant in tenants {
            let archive = try await location.open(tenant: try TenantName(tenant))
            for (posting, hash) in results.acks(of: tenant) {
                #expect(try await archive.entries(posting: posting).contains { $0.entryHash == hash }, "\(posting) lost")
            }
            let verify = try CLI.run(["archive", "--database", server.url, "--tenant", tenant, "verify"])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            if tenant == tenants[0] {
                // All of the killed add, or none of it.
                var kept = 0
                for n in 0..<victimFiles.count {
                    kept += try await archive.entries(posting: "0200000000-\(String(format: "%04d", n))-1").count
                }
                #expect(kept == 0 || kept == victimFiles.count, "the killed add left \(kept) of \(victimFiles.count) entries")
                #expect(try await archive.head()?.sequence == Int64(2 * perWriter + kept))
            } else {
                #expect(try await archive.head()?.sequence == Int64(2 * perWriter))
            }
            await archive.close()
        }
    }
}

/// Acknowledged adds collected from several threads.
final class ConcurrentAcks: @unchecked Sendable {
    private let lock = NSLock()
    private var byTenant: [String: [(posting: String, hash: String)]] = [:]
    private(set) var failures: [String] = []

    func add(tenant: String, _ acks: [(posting: String, hash: String)], failure: String?) {
        lock.lock()
        defer { lock.unlock() }
        byTenant[tenant, default: []] += acks
        if let failure { failures.append(failure) }
    }

    func acks(of tenant: String) -> [(posting: String, hash: String)] {
        lock.lock()
        defer { lock.unlock() }
        return byTenant[tenant] ?? []
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return byTenant.values.reduce(0) { $0 + $1.count }
    }
}
