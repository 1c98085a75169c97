import Archive
import FakturaTestSupport
import Foundation

/// Appends per second on the PostgreSQL archive, one entry per transaction as a server adds
/// them: one writer, then two writers (two connection pools, as two servers) on one tenant,
/// whose appends the advisory lock serialises, and two writers on two tenants, which do not
/// wait for each other. The database is `FAKTURA_BENCH_DATABASE`, else a cluster of the
/// bench's own (initdb in a temporary folder, as the tests do; fsync off there, so the figures
/// are the locking and protocol cost, not the disk's).
func runPostgresArchiveBenchmark() {
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        do {
            try await runPostgresArchiveFigures()
        } catch {
            print("  cannot run: \(error)")
        }
        semaphore.signal()
    }
    semaphore.wait()
}

private func runPostgresArchiveFigures() async throws {
    let url = try ProcessInfo.processInfo.environment["FAKTURA_BENCH_DATABASE"] ?? PostgresTestServer.shared().url
    let location = try ArchiveLocation.database(url)
    let run = UUID().uuidString.prefix(8).lowercased()
    let pdf = Data(repeating: 0x25, count: 40 * 1024)
    func submission(_ writer: Int, _ index: Int) -> EntrySubmission {
        EntrySubmission(posting: "0123456789-\(writer)\(String(format: "%04d", index))-1", marketplace: "ozon", documents: [
            DocumentSubmission(kind: .pdf, name: "invoice.pdf", mediaType: "application/pdf",
                               content: Data("%PDF-1.4 \(writer) \(index)\n".utf8) + pdf),
            DocumentSubmission(kind: .validationReport, name: "validation-report.json", mediaType: "application/json",
                               content: Data("{\"status\":\"ok\"}".utf8)),
        ], agent: "faktura-bench")
    }

    /// Appends `count` entries per writer, each writer on its own pool, all at once; entries/s overall.
    func measure(writers tenants: [TenantName], count: Int) async throws -> Double {
        var archives: [any EvidenceArchive] = []
        for tenant in tenants { archives.append(try await location.open(tenant: tenant)) }
        let started = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, archive) in archives.enumerated() {
                group.addTask {
                    for index in 0..<count { _ = try await archive.append([submission(writer, index)]) }
                }
            }
            try await group.waitForAll()
        }
        let seconds = Date().timeIntervalSince(started)
        for tenant in Set(tenants) {
            let report = try await archives[tenants.firstIndex(of: tenant)!].verify(expectedHead: nil, posting: nil)
            precondition(report.isIntact, "benchmark archive must verify: \(report.problems)")
        }
        for archive in archives { await archive.close() }
        return Double(count * tenants.count) / seconds
    }

    let count = 400
    let one = try TenantName("bench-one-\(run)")
    let shared = try TenantName("bench-shared-\(run)")
    let a = try TenantName("bench-a-\(run)"), b = try TenantName("bench-b-\(run)")
    print("archive on PostgreSQL (\(ArchiveLocation.postgres(URL(string: url)!).description)), 40 KB PDFs, one entry per transaction:")
    postgresLine("1 writer", try await measure(writers: [one], count: count))
    postgresLine("2 writers, one tenant (one chain)", try await measure(writers: [shared, shared], count: count / 2))
    postgresLine("2 writers, two tenants", try await measure(writers: [a, b], count: count / 2))
}

private func postgresLine(_ label: String, _ value: Double) {
    print("  " + label.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: " %10.0f entries/s", value))
}
