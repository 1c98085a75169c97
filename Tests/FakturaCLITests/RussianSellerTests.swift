import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing

/// "Is the seller Russian" has one answer for every command (docs/invoice.md): the country when
/// given, else whether the seller has a Russian INN. Before, render, validate and the time zone
/// each had their own rule and disagreed when the country was absent.
@Suite("One definition of a Russian seller", .serialized)
struct RussianSellerTests {
    /// `status`: 1 for an invoice that fails validation (render still writes its PDF).
    func title(ofPDFRenderedFrom invoice: Invoice, in folder: ScratchFolder, status: Int32 = 0) throws -> String {
        let input = folder.write("invoice.json", InvoiceJSON.encode(invoice))
        let render = try CLI.run(["render", input.path, "--out", folder.path("out").path])
        #expect(render.status == status, "\(render.stderr)")
        let info = try CLI.runTool("/usr/bin/pdfinfo", [folder.path("out/invoice.pdf").path])
        return info.stdout.split(separator: "\n").first { $0.hasPrefix("Title:") }.map { String($0.dropFirst(6)).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    @Test func aSellerWithoutCountryButWithAnINNIsRenderedAndValidatedAsRussian() throws {
        let folder = ScratchFolder()
        var invoice = Samples.russianInvoice
        invoice.seller.country = nil
        #expect(invoice.seller.isRussian)
        #expect(try title(ofPDFRenderedFrom: invoice, in: folder).hasPrefix("Счёт-фактура №"))
        // Clean under ru-invoice; under ozon-crossborder the missing country would be an error.
        let validate = try CLI.run(["validate", folder.path("invoice.json").path])
        #expect(validate.status == 0, "\(validate.stdout)")
    }

    @Test func aSellerWithoutCountryOrINNIsNotRussian() throws {
        let folder = ScratchFolder()
        var invoice = Samples.russianInvoice
        invoice.seller.country = nil
        invoice.seller.taxIds = []
        #expect(!invoice.seller.isRussian)
        // Without a country the cross-border profile's SCHEMA error fails it: rendered, exit 1.
        #expect(try title(ofPDFRenderedFrom: invoice, in: folder, status: 1).hasPrefix("Commercial invoice / Инвойс"))
        let validate = try CLI.run(["validate", folder.path("invoice.json").path])
        #expect(validate.stdout.contains("error SCHEMA seller.country"), "\(validate.stdout)")
    }

    @Test func theCountryDecidesWhenItIsGiven() {
        var party = Samples.russianSeller
        party.country = " ru "
        #expect(party.isRussian)
        party.country = "KZ"
        #expect(!party.isRussian, "a Kazakh seller with a Russian INN is still Kazakh")
    }
}
