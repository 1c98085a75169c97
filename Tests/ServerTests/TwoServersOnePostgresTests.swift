import Archive
import FakturaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Two real `faktura serve --database` processes on one PostgreSQL, as two machines behind a
/// load balancer would run: writers of two tenants add through both at once, one server is
/// killed with SIGKILL while requests are in flight, and every add that was answered 201 is in
/// its tenant's chain, which `faktura archive --database … verify` finds unbroken.
@Suite("Two servers on one PostgreSQL, one killed", .serialized)
struct TwoServersOnePostgresTests {
    /// One writer: a tenant's token, the PDFs it adds one after another, and the servers it
    /// tries in turn (the second when the first stops answering, as a load balancer would).
    struct Writer: Sendable {
        let tenant: String
        let token: String
        let postings: [String]
        let ports: [Int]
    }

    /// What the writers were told: the acknowledged adds (tenant, posting, entry hash), and the
    /// requests that got no answer because their server died.
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var acks: [(tenant: String, posting: String, hash: String)] = []
        private var lostCount = 0
        private var refusals: [String] = []

        private func locked<T>(_ body: () -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body()
        }
        func ack(_ tenant: String, _ posting: String, _ hash: String) { locked { acks.append((tenant, posting, hash)) } }
        func lost() { locked { lostCount += 1 } }
        func refuse(_ message: String) { locked { refusals.append(message) } }
        var acknowledged: [(tenant: String, posting: String, hash: String)] { locked { acks } }
        var unanswered: Int { locked { lostCount } }
        var refused: [String] { locked { refusals } }
    }

    static func add(_ pdf: Data, posting: String, token: String, port: Int) async throws -> (status: Int, hash: String?) {
        var form = ServerHarness.multipart([("invoice", "application/pdf", pdf), ("posting", "text/plain", Data(posting.utf8))])
        form.headers[.authorization] = "Bearer \(token)"
        return try await ServerHarness.withClient(port: port) { client in
            let response = try await client.execute(TestClient.Request("/v1/archive", method: .post, headers: form.headers, body: form.body))
            return (Int(response.status.code), ServerHarness.object(response.body ?? ByteBuffer())["hash"] as? String)
        }
    }

    static func run(_ writer: Writer, into outcomes: Outcomes) async {
        var servers = writer.ports[...]
        for posting in writer.postings {
            guard let pdf = try? fakturaPDF(posting: posting) else { outcomes.refuse("\(posting): sample PDF not rendered"); continue }
            while let port = servers.first {
                do {
                    let answer = try await add(pdf, posting: posting, token: writer.token, port: port)
                    if answer.status == 201, let hash = answer.hash {
                        outcomes.ack(writer.tenant, posting, hash)
                    } else {
                        outcomes.refuse("\(posting) on \(port): \(answer.status)")
                    }
                    break
                } catch {
                    // No answer: the server died with this request in flight. Whether it was
                    // written is the database's business; it was not acknowledged.
                    outcomes.lost()
                    servers = servers.dropFirst()
                    break
                }
            }
        }
    }

    @Test func everyAcknowledgedAddIsInItsTenantsChainAfterOneServerIsKilled() async throws {
        let database = try PostgresTestServer.shared()
        let scratch = ScratchFolder("two-servers")
        defer { scratch.remove() }
        let suffix = UUID().uuidString.prefix(6).lowercased()
        let tenants = [("two-a-\(suffix)", "aaaa\(suffix)aaaaaaaaaaaaaaaaaaaa"), ("two-b-\(suffix)", "bbbb\(suffix)bbbbbbbbbbbbbbbbbbbb")]
        let tokens = scratch.write("tokens.txt", tenants.map { "\($0.1) \($0.0)" }.joined(separator: "\n") + "\n")
        let first = try ServeProcessTests.start(["--database", database.url, "--tokens", tokens.path])
        let second = try ServeProcessTests.start(["--database", database.url, "--tokens", tokens.path])
        defer {
            first.process.signal(SIGTERM)
            if (try? first.process.wait(seconds: 60)) == nil { first.process.kill() }
        }

        // Per tenant, one writer through each server (the second server's writers go on
        // through the first once theirs is gone).
        let perWriter = 12
        var writers: [Writer] = []
        for (t, (tenant, token)) in tenants.enumerated() {
            for (s, ports) in [[first.port], [second.port, first.port]].enumerated() {
                let postings = (0..<perWriter).map { String(format: "03000000%d%d-%04d-1", t, s, $0) }
                writers.append(Writer(tenant: tenant, token: token, postings: postings, ports: ports))
            }
        }
        let outcomes = Outcomes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in writers {
                group.addTask { await Self.run(writer, into: outcomes) }
            }
            // Killed mid-stream: once some adds went through it, while others are in flight.
            group.addTask {
                let deadline = Date().addingTimeInterval(60)
                while outcomes.acknowledged.count < 6, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                second.process.kill()
            }
            try await group.waitForAll()
        }
        #expect(second.process.termination() == .signalled(SIGKILL))
        // The kill came while its writers still had adds to make.
        #expect(outcomes.unanswered >= 1)
        #expect(outcomes.refused.isEmpty, "\(outcomes.refused)")
        // The writers of the killed server finished through the other one.
        #expect(outcomes.acknowledged.count + outcomes.unanswered == writers.count * perWriter)
        #expect(outcomes.acknowledged.count > writers.count * perWriter / 2)

        let location = try ArchiveLocation.database(database.url)
        for (tenant, _) in tenants {
            let archive = try await location.open(tenant: try TenantName(tenant))
            let acked = outcomes.acknowledged.filter { $0.tenant == tenant }
            for (_, posting, hash) in acked {
                #expect(try await archive.entries(posting: posting).contains { $0.entryHash == hash }, "\(tenant) \(posting) acknowledged but lost")
            }
            // Nothing beyond what was acknowledged, but the adds the dead server was answering.
            let length = try await archive.head()?.sequence ?? 0
            #expect(length >= Int64(acked.count) && length <= Int64(acked.count + outcomes.unanswered), "\(tenant): chain of \(length), \(acked.count) acknowledged")
            await archive.close()
            let verify = try CLI.run(["archive", "--database", database.url, "--tenant", tenant, "verify"])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        }
    }
}
