import Archive
import FakturaTestSupport
import Foundation
import Testing

/// `sslmode` against the tests' own server, which has TLS on with a certificate made by
/// `openssl` for 127.0.0.1 and a user (``PostgresTestServer/tlsUser``) it refuses without TLS.
@Suite("PostgreSQL over TLS")
struct PostgresTLSTests {
    let server: PostgresTestServer

    init() throws {
        server = try PostgresTestServer.shared()
    }

    /// Appends one entry as the TLS-only user over `query`; the chain's head afterwards.
    func appendOne(_ query: String) async throws -> ChainHead? {
        let location = try ArchiveLocation.database(server.tlsURL(query))
        let tenant = try TenantName("tls-\(UUID().uuidString.prefix(8).lowercased())")
        let archive = try await location.open(tenant: tenant)
        do {
            _ = try await archive.append([submission(posting: "0001-1", pdf: handMadePDF(text: "over tls"))])
            let head = try await archive.head()
            await archive.close()
            return head
        } catch {
            await archive.close()
            throw error
        }
    }

    @Test func theServerRefusesTheTLSUserWithoutTLS() async throws {
        await #expect {
            _ = try await appendOne("sslmode=disable")
        } throws: { error in
            "\(error)".contains("pg_hba.conf") && "\(error)".contains("no encryption")
        }
    }

    @Test func requireConnectsEncrypted() async throws {
        #expect(try await appendOne("sslmode=require")?.sequence == 1)
    }

    @Test func verifyFullConnectsWhenTheCertificateChainsToTheGivenRoot() async throws {
        #expect(try await appendOne("sslmode=verify-full&sslrootcert=\(server.certificateAuthority.path)")?.sequence == 1)
    }

    @Test func verifyFullRefusesACertificateFromAnotherRoot() async throws {
        await #expect {
            _ = try await appendOne("sslmode=verify-full&sslrootcert=\(server.otherCertificateAuthority.path)")
        } throws: { error in
            guard let archive = error as? ArchiveError, case .database = archive else { return false }
            return "\(error)".contains("127.0.0.1") && "\(error)".lowercased().contains("certificate")
        }
    }

    @Test func verifyFullWithTheSystemRootsRefusesTheTestCertificate() async throws {
        await #expect(throws: ArchiveError.self) {
            _ = try await appendOne("sslmode=verify-full")
        }
    }

    @Test(arguments: ["prefer", "allow", "verify-ca", "on"])
    func modesThatFallBackOrSkipTheHostCheckAreRefusedWithAdvice(_ mode: String) async throws {
        await #expect {
            _ = try await appendOne("sslmode=\(mode)")
        } throws: { error in
            let text = "\(error)"
            return text.contains("sslmode=\(mode) is not supported") && text.contains("verify-full")
        }
    }

    @Test func aRootCertificateFileThatIsNotPEMIsNamed() async throws {
        let scratch = ScratchFolder()
        let file = scratch.write("ca.pem", "not a certificate\n")
        await #expect {
            _ = try await appendOne("sslmode=verify-full&sslrootcert=\(file.path)")
        } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("sslrootcert")
        }
    }

    @Test func aRootCertificateWithoutVerifyFullIsRefused() async throws {
        await #expect {
            _ = try await appendOne("sslmode=require&sslrootcert=\(server.certificateAuthority.path)")
        } throws: { error in
            "\(error)".contains("verify-full")
        }
    }
}
