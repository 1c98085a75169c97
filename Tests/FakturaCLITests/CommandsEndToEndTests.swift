import FakturaTestSupport
import Foundation
import Testing

/// The commands as a user runs them, on the shipped examples and on files the tests write.
@Suite("faktura commands end to end")
struct CommandsEndToEndTests {
    let examples = CLI.repositoryRoot.appendingPathComponent("examples")

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func rendersTheExamplesDeterministicallyAndTheyValidateClean() throws {
        let outScratch = ScratchFolder()
        defer { outScratch.remove() }
        let out = outScratch.url
        let invoices = examples.appendingPathComponent("invoices").path
        let first = try CLI.run(["render", invoices, "--out", out.appendingPathComponent("a").path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLI.run(["render", invoices, "--out", out.appendingPathComponent("b").path])
        #expect(second.status == 0)
        for name in ["cn-seller-ozon.pdf", "ru-seller-schet-faktura.pdf"] {
            let a = try Data(contentsOf: out.appendingPathComponent("a/\(name)"))
            let b = try Data(contentsOf: out.appendingPathComponent("b/\(name)"))
            #expect(a.starts(with: Data("%PDF-".utf8)))
            #expect(a == b, "\(name) differs between two renders")
        }
        let validation = try CLI.run(["validate", "--format", "json", invoices, out.appendingPathComponent("a").path])
        #expect(validation.status == 0, "\(validation.stdout)")
        let summary = try #require(try json(validation.stdout)["summary"] as? [String: Any])
        #expect(summary["documents"] as? Int == 4)
        #expect(summary["ok"] as? Int == 4)
    }

    @Test func validateReportsEachMistakeWithItsCodeAndExitsOne() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let bad = folder.appendingPathComponent("bad.json")
        try Data("""
            {"number":"CN 2026#1","date":"2026-11-20","currency":"RUB","pricesIncludeVat":true,
             "seller":{"name":"Shenzhen Example","country":"CN","taxIds":[{"scheme":"cn-uscc","value":"91440300MA5G8K2P18"}]},
             "buyer":{"name":"ООО «Пример»","country":"RU","taxIds":[{"scheme":"ru-inn","value":"7707083893"}]},
             "lines":[{"name":"Смартфон","hsCode":"7700000000","unit":{"code":"796"},"quantity":"2","price":"100.00",
                       "vatRate":"20%","originCountry":"CN","vatAmount":"40.00"}]}
            """.utf8).write(to: bad)
        let result = try CLI.run(["validate", "--format", "json", bad.path])
        #expect(result.status == 1)
        let report = try json(result.stdout)
        let documents = try #require(report["documents"] as? [[String: Any]])
        let findings = try #require(documents.first?["findings"] as? [[String: Any]])
        let codes = Set(findings.compactMap { $0["code"] as? String })
        #expect(codes == ["NUMBER_FORMAT", "TAX_ID_CHECKSUM", "HS_CODE_FORMAT", "VAT_RATE_INVALID", "VAT_AMOUNT_MISMATCH"])
        let tool = try #require(report["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "faktura")
        #expect((tool["rules"] as? String)?.isEmpty == false)
    }

    @Test func anHSTableThatCannotBeLoadedStopsWithExitTwo() throws {
        let result = try CLI.run(["validate", "--hs-table", "/nonexistent/hs.csv",
                                  examples.appendingPathComponent("invoices/cn-seller-ozon.json").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/hs.csv"))
    }

    @Test func auditOfTheExampleExportFailsExactlyTheBrokenPostings() throws {
        let result = try CLI.run(["audit", examples.appendingPathComponent("erp-export/orders.csv").path,
                                  "--format", "json"])
        #expect(result.status == 1)
        let report = try json(result.stdout)
        let summary = try #require(report["summary"] as? [String: Any])
        let postings = try #require(report["postings"] as? [[String: Any]])
        #expect(summary["records"] as? Int == 13)
        #expect(summary["postings"] as? Int == postings.count)
        let ok = summary["ok"] as? Int ?? -1, failed = summary["failed"] as? Int ?? -1
        let skipped = summary["skipped"] as? Int ?? -1
        #expect(ok + failed + skipped == postings.count)
        let failedNumbers = Set(postings.filter { $0["status"] as? String == "failed" }
            .compactMap { $0["postingNumber"] as? String })
        #expect(failedNumbers == ["0100000003-0001-1", "0100000004-0001-1", "0100000005-0001-1",
                                  "0100000006-0001-1", "0100000007-0001-1", "0100000010-0001-1"])
        #expect(skipped == 2 && ok == 2)
    }

    @Test func auditOfAMissingExportIsExitTwo() throws {
        let result = try CLI.run(["audit", "/nonexistent/orders.csv"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/orders.csv"))
    }

    @Test func explainKnowsEveryCodeAndRefusesUnknownOnes() throws {
        let known = try CLI.run(["explain", "ATTACHMENT_HASH_MISMATCH"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("SHA-256"))
        let unknown = try CLI.run(["explain", "NO_SUCH_CODE"])
        #expect(unknown.status == 2)
        #expect((unknown.stderr + unknown.stdout).contains("TAX_ID_CHECKSUM"))
    }

    @Test func ozonPayloadComesFromARenderedPDF() throws {
        let outScratch = ScratchFolder()
        defer { outScratch.remove() }
        let out = outScratch.url
        let render = try CLI.run(["render", examples.appendingPathComponent("invoices/cn-seller-ozon.json").path,
                                  "--out", out.path])
        #expect(render.status == 0)
        let result = try CLI.run(["ozon", "payload", out.appendingPathComponent("cn-seller-ozon.pdf").path,
                                  "--url", "https://example.com/invoice.pdf"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("0123456789-0001-1"))
        #expect(result.stdout.contains("8517130000"))
        #expect(result.stdout.contains("base64_content"))
    }
}
