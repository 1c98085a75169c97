import FakturaTestSupport
import Foundation
import Testing

/// `faktura render --format upd` and `faktura validate` on the files it writes, end to end.
@Suite("faktura render --format upd")
struct UPDCommandTests {
    let invoices = CLI.repositoryRoot.appendingPathComponent("examples/invoices")

    @Test func theExamplesBecomeUPDsThatValidateClean() throws {
        let folder = ScratchFolder("upd-cli")
        let render = try CLI.run(["render", invoices.path, "--format", "upd", "--signer", "Иванов Иван Иванович",
                                  "--signer-position", "Генеральный директор", "--out", folder.url.path])
        #expect(render.status == 0, "\(render.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(written.count == 2, "\(written)")
        #expect(written.allSatisfy { $0.hasPrefix("ON_NSCHFDOPPR_") && $0.hasSuffix("_0_0_0_0_0_00.xml") })

        let validate = try CLI.run(["validate", folder.url.path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("2 documents: 2 ok"), "\(validate.stdout)")

        // A UPD is the same invoice: render draws its счёт-фактура.
        let russian = try #require(written.first { $0.contains("_7728168971_") })
        let pdfs = ScratchFolder("upd-cli-pdf")
        let drawn = try CLI.run(["render", folder.path(russian).path, "--out", pdfs.url.path])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let pdf = pdfs.path(String(russian.dropLast(4)) + ".pdf")
        let text = try CLI.runTool("/usr/bin/pdftotext", [pdf.path, "-"])
        #expect(text.stdout.contains("2026-1187"), "\(text.stdout.prefix(400))")

        // Renamed, the file no longer matches its ИдФайл: the tax service's rule 0400400007.
        let original = folder.path(written[0]), renamed = folder.path("renamed.xml")
        try FileManager.default.moveItem(at: original, to: renamed)
        let again = try CLI.run(["validate", renamed.path])
        #expect(again.status == 1)
        #expect(again.stdout.contains("UPD_RULE Файл/@ИдФайл"), "\(again.stdout)")
        #expect(again.stdout.contains("0400400007"), "\(again.stdout)")
    }

    @Test func aUPDWithoutASignerOrWithAnUnknownFunctionIsAUsageError() throws {
        let input = invoices.appendingPathComponent("ru-seller-schet-faktura.json").path
        let unsigned = try CLI.run(["render", input, "--format", "upd"])
        #expect(unsigned.status != 0)
        #expect(unsigned.stderr.contains("--signer"), "\(unsigned.stderr)")
        let unknown = try CLI.run(["render", input, "--format", "upd", "--signer", "Иванов Иван", "--upd-function", "ДОП"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("СЧФДОП"), "\(unknown.stderr)")
        // A СЧФ of an invoice without a shipping document: the writer names what is missing.
        let folder = ScratchFolder("upd-cli-schf")
        let schf = try CLI.run(["render", invoices.appendingPathComponent("cn-seller-ozon.json").path, "--format", "upd",
                                "--signer", "Иванов Иван", "--upd-function", "СЧФ", "--out", folder.url.path])
        #expect(schf.status == 1)
        #expect(schf.stderr.contains("shippingDocuments"), "\(schf.stderr)")
    }
}
