import Archive
import Foundation
import Testing

/// `--database` URLs that do not parse still never show their password, and a port outside
/// 1–65535 is refused instead of being cut to 16 bits (issue 28, items 4 and 8).
@Suite("Database URLs: redaction and ports")
struct DatabaseURLTests {
    /// The malformed URLs the hostile-input round printed whole, and more of their kind.
    static let malformed = [
        "postgres://u:secret@[::1/db",              // an unclosed IPv6 bracket
        "postgres://u:secret@host:abc/db",          // a port that is no number
        "postgres://u:secret@ho st/db",             // a space in the host
        "postgres://u:secret@/db",                  // no host at all
        "postgresql://u:sec:ret@host:5432:1/db",    // a colon in the password, two ports
        "mysql://u:secret@host/db",                 // another scheme
        "postgres:u:secret@host/db",                // no //
    ]

    @Test(arguments: malformed)
    func aMalformedURLIsRefusedWithoutItsPassword(_ url: String) {
        do {
            _ = try ArchiveLocation.database(url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(!error.description.contains("secret") && !error.description.contains("ret@"), "\(error)")
            #expect(error.description.contains("--database"), "\(error)")
        }
    }

    @Test func theRedactionIsLexicalAndKeepsUserAndHost() {
        #expect(ArchiveLocation.redacted("postgres://u:secret@[::1/db") == "postgres://u:***@[::1/db")
        #expect(ArchiveLocation.redacted("postgres://u:secret@host:abc/db") == "postgres://u:***@host:abc/db")
        #expect(ArchiveLocation.redacted("postgres://u:secret@ho st/db") == "postgres://u:***@ho st/db")
        #expect(ArchiveLocation.redacted("postgres://u:p@ss/w:rd@host/db") == "postgres://u:***@host/db")
        #expect(ArchiveLocation.redacted("postgres://faktura:s3cret@db.example:5433/archive")
                == "postgres://faktura:***@db.example:5433/archive")
        // Nothing to hide: no password, or no user at all.
        #expect(ArchiveLocation.redacted("postgres://faktura@db.example/archive") == "postgres://faktura@db.example/archive")
        #expect(ArchiveLocation.redacted("postgres://db.example:5433/archive") == "postgres://db.example:5433/archive")
        #expect(ArchiveLocation.redacted("postgres://[::1]:5432/db") == "postgres://[::1]:5432/db")
    }

    @Test func theDescriptionOfAParsedURLUsesTheSameRedaction() throws {
        let location = try ArchiveLocation.database("postgres://faktura:s3cret@db.example:5433/archive?sslmode=require")
        #expect(location.description == "postgres://faktura:***@db.example:5433/archive?sslmode=require")
    }

    @Test(arguments: [("99999999", 99_999_999), ("65537", 65537), ("0", 0), ("65536", 65536)])
    func aPortOutside1To65535IsRefusedNamingIt(_ port: String, _ value: Int) {
        let url = "postgres://u:secret@127.0.0.1:\(port)/db"
        do {
            _ = try ArchiveLocation.database(url)
            Issue.record("accepted port \(port)")
        } catch {
            #expect(error.description.contains("port \(value)"), "\(error)")
            #expect(error.description.contains("postgres://u:***@127.0.0.1:\(port)/db"), "\(error)")
            #expect(error.description.contains("1 to 65535"), "\(error)")
            #expect(!error.description.contains("secret"))
        }
    }

    @Test func portsInsideTheRangeAreTaken() throws {
        for port in [1, 5432, 65535] {
            _ = try ArchiveLocation.database("postgres://u@127.0.0.1:\(port)/db")
        }
    }
}
