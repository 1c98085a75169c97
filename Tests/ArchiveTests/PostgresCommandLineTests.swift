import Archive
import FakturaTestSupport
import Foundation
import Testing
import ZIPFoundation

/// `faktura archive --database URL [--tenant NAME] …` as a user runs it, against the tests'
/// own PostgreSQL server.
@Suite("faktura archive --database (command line)", .serialized)
struct PostgresCommandLineTests {
    let server: PostgresTestServer

    init() throws {
        server = try PostgresTestServer.shared()
    }

    func freshTenant(_ label: String) -> String {
        "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    @Test func addShowHeadVerifyAndExportOnPostgreSQL() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdf = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0030-1").write(to: pdf)
        let tenant = freshTenant("cli")
        let base = ["archive", "--database", server.url, "--tenant", tenant]

        let add = try CLI.run(base + ["add", pdf.path])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("added   \(pdf.path): posting 0123456789-0030-1, entry 1"), "\(add.stdout)")
        let again = try CLI.run(["archive", "add", "--database", server.url, "--tenant", tenant, pdf.path])
        #expect(again.stdout.contains("already holds this PDF in entry 1"), "\(again.stdout)\(again.stderr)")

        let head = try CLI.run(base + ["head"])
        let hash = String(head.stdout.prefix(64))
        #expect(ContentHash.isWellFormed(hash), "\(head.stdout)\(head.stderr)")
        let verify = try CLI.run(base + ["verify", "--head", hash])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("head \(hash) is entry 1"))
        #expect(!verify.stdout.contains("s3cret"))

        let show = try CLI.run(base + ["show", "0123456789-0030-1", "--format", "json"])
        #expect(show.status == 0)
        #expect(show.stdout.contains(hash))
        // Another tenant does not see it.
        let elsewhere = try CLI.run(["archive", "--database", server.url, "--tenant", freshTenant("other"),
                                     "show", "0123456789-0030-1"])
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderr.contains("has no entry"))

        let out = folder.path("bundle.zip")
        let export = try CLI.run(base + ["export", "0123456789-0030-1", "--out", out.path])
        #expect(export.status == 0, "\(export.stderr)")
        let zip = try ZIPFoundation.Archive(url: out, accessMode: .read)
        var extracted = Data()
        _ = try zip.extract(try #require(zip["faktura-0123456789-0030-1/data/entry-1/invoice.pdf"])) { extracted.append($0) }
        #expect(extracted == (try Data(contentsOf: pdf)))
        #expect(zip["faktura-0123456789-0030-1/data/cover.pdf"] != nil)
    }

    @Test func storeAndDatabaseTogetherAndBadTenantsAreRefused() throws {
        let both = try CLI.run(["archive", "--store", "/tmp/x", "--database", server.url, "head"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("not both"), "\(both.stderr)")
        let bad = try CLI.run(["archive", "--database", server.url, "--tenant", "../etc", "head"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("tenant '../etc'"), "\(bad.stderr)")
        let password = try CLI.run(["archive", "--database", "postgres://faktura:s3cret@127.0.0.1:1/faktura", "head"])
        #expect(password.status == 2)
        #expect(password.stderr.contains("127.0.0.1:1"), "\(password.stderr)")
        #expect(!password.stderr.contains("s3cret"), "\(password.stderr)")
    }

    @Test func folderTenantsLiveUnderTenantsAndDefaultIsTheFolder() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdf = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0031-1").write(to: pdf)
        let store = folder.path("store").path
        #expect(try CLI.run(["archive", "--store", store, "--tenant", "shop-b", "add", pdf.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: store + "/tenants/shop-b/index.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: store + "/index.sqlite"))
        #expect(try CLI.run(["archive", "--store", store, "add", pdf.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: store + "/index.sqlite"))
        let verify = try CLI.run(["archive", "--store", store, "--tenant", "shop-b", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("tenants/shop-b"))
    }
}
