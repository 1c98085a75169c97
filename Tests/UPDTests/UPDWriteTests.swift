import FakturaTestSupport
import FakturaXML
import Findings
import Foundation
import InvoiceModel
import Testing
import UPD
import Validate

/// Invoice → UPD: valid against the tax service's XSD (by xmllint too) and all its rules, named
/// by the rule, and read back into the same invoice.
@Suite("UPD out")
struct UPDWriteTests {
    @Test(arguments: [UPDWriter.Function.invoiceAndTransfer, .invoice])
    func everyExampleInvoiceBecomesAValidUPD(function: UPDWriter.Function) throws {
        let examples = try UPDFixtures.examples()
        #expect(examples.count >= 2)
        for (name, invoice) in examples {
            if function == .invoice && invoice.shippingDocuments.isEmpty {
                // A СЧФ names its shipping document; the writer says so instead of writing a file the rules refuse.
                #expect(throws: UPDWriteError.self) { try UPDWriter.write(invoice, options: UPDFixtures.options(function)) }
                continue
            }
            let file = try UPDWriter.write(invoice, options: UPDFixtures.options(function))
            #expect(file.bytes.starts(with: Data("<?xml version=\"1.0\" encoding=\"windows-1251\"?>".utf8)))
            let result = UPDCheck.check(file.bytes, source: file.name + ".xml")
            #expect(result.findings.isEmpty, "\(name) as \(function.rawValue): \(result.findings.map(\.description))")
            #expect(result.function == function.rawValue)

            // The same file through xmllint against the schema file in the repository.
            let folder = ScratchFolder("upd-xmllint")
            let written = folder.write(file.name + ".xml", file.bytes)
            let lint = try CLI.runTool("/usr/bin/xmllint", ["--noout", "--schema", UPDSchemaTests.schemaFile.path, written.path])
            #expect(lint.status == 0, "\(name): \(lint.stderr)")
        }
    }

    @Test func theFileIsNamedByTheRule() throws {
        let invoice = try UPDFixtures.example("ru-seller-schet-faktura.json")
        let file = try UPDWriter.write(invoice, options: UPDFixtures.options())
        #expect(file.name == "ON_NSCHFDOPPR_7707083893_7728168971_20261125_0f8fad5b-d9cb-469f-a165-70867728950e_0_0_0_0_0_00")
        var options = UPDFixtures.options()
        options.senderID = "2BM-7728168971-772801001-201911111111111111111"
        options.recipientID = "2BE-7707083893"
        let named = try UPDWriter.write(invoice, options: options)
        #expect(named.name.hasPrefix("ON_NSCHFDOPPR_2BE-7707083893_2BM-7728168971-772801001-201911111111111111111_20261125_"))
        options.senderID = "has_underscore"
        #expect(throws: UPDWriteError.self) { try UPDWriter.write(invoice, options: options) }
    }

    @Test func aForeignSellerIsWrittenWithItsOwnRegistrationNumber() throws {
        let file = try UPDWriter.write(try UPDFixtures.example("cn-seller-ozon.json"), options: UPDFixtures.options())
        let text = try UPDFixtures.utf8Text(file)
        #expect(text.contains("<СвИнНеУч ИдСтат=\"ИО\" КодСтр=\"156\" НаимСтран=\"Китай\""))
        #expect(text.contains("Идентиф=\"91440300MA5G8K2P17\""))
        #expect(text.contains("НалСт=\"22%\""))
        #expect(text.contains("ОКЕИ_Тов=\"796\" НаимЕдИзм=\"шт\""))
        // The file names the seller by its USCC when no EDO id is given.
        #expect(file.name.contains("_91440300MA5G8K2P17_"))
    }

    @Test func ratesAreWrittenAsTheFormatSpellsThem() throws {
        var invoice = Samples.russianInvoice
        invoice.shippingDocuments = [DocumentReference(number: "1", date: invoice.date)]
        invoice.lines[0].vatRate = VATRate.none
        invoice.lines[1].vatRate = .calculated(22)
        let file = try UPDWriter.write(invoice, options: UPDFixtures.options())
        let text = try UPDFixtures.utf8Text(file)
        #expect(text.contains("НалСт=\"без НДС\""))
        #expect(text.contains("НалСт=\"22/122\""))
        #expect(text.contains("<БезНДС>без НДС</БезНДС>"))
        #expect(UPDCheck.check(file.bytes, source: file.name + ".xml").findings.isEmpty)
    }

    /// JSON → UPD → invoice: the fields the format carries come back the same.
    @Test func aRoundTripGivesTheSameInvoice() throws {
        for (name, original) in try UPDFixtures.examples() {
            let file = try UPDWriter.write(original, options: UPDFixtures.options())
            let result = UPDCheck.check(file.bytes, source: file.name + ".xml")
            let read = try #require(result.invoice, "\(name): \(result.findings.map(\.description))")
            #expect(read.number == original.number)
            #expect(read.date == original.date)
            #expect(read.currency == original.currency)
            #expect(read.order == original.order)
            #expect(read.paymentDocuments == original.paymentDocuments)
            #expect(read.shippingDocuments == original.shippingDocuments)
            #expect(read.contract == original.contract)
            for (back, party) in [(read.seller, original.seller), (read.buyer, original.buyer)] {
                #expect(back.name == party.name)
                #expect(back.country == party.country)
                #expect(back.taxIds == party.taxIds)
                #expect(back.address == party.address)
            }
            #expect(read.shipper?.name == original.shipper?.name)
            #expect(read.consignee?.name == original.consignee?.name)
            #expect(read.consignee?.address == original.consignee?.address)
            try #require(read.lines.count == original.lines.count)
            let before = original.calculate(), after = read.calculate()
            #expect(after.amountWithoutVat == before.amountWithoutVat, "\(name)")
            #expect(after.vatAmount == before.vatAmount, "\(name)")
            #expect(after.amountWithVat == before.amountWithVat, "\(name)")
            for (index, (back, line)) in zip(read.lines, original.lines).enumerated() {
                #expect(back.name == line.name)
                #expect(back.sku == line.sku)
                #expect(back.offerId == line.offerId)
                #expect(back.hsCode?.filter(\.isNumber) == line.hsCode?.filter(\.isNumber))
                #expect(back.unit?.code == line.unit?.code)
                #expect(back.quantity == line.quantity)
                #expect(back.vatRate == line.vatRate)
                #expect(back.originCountry == line.originCountry)
                #expect(back.customsDeclaration == line.customsDeclaration)
                #expect(after.lines[index] == before.lines[index], "\(name) line \(index + 1)")
            }
            // Faktura's own rules find nothing in what was read back either.
            let findings = InvoiceValidator(today: LocalDate(iso: "2026-12-01")!).validate(read)
            #expect(findings.filter { $0.severity == .error }.isEmpty, "\(name): \(findings.map(\.description))")
        }
    }

    @Test func charactersWindows1251LacksAreKeptAsReferences() throws {
        var invoice = Samples.chineseInvoice
        invoice.seller.name = "深圳市示例科技有限公司 Shenzhen"
        let file = try UPDWriter.write(invoice, options: UPDFixtures.options())
        #expect(file.bytes.firstRange(of: Data("&#28145;".utf8)) != nil)  // 深
        let read = try #require(UPDCheck.check(file.bytes, source: file.name + ".xml").invoice)
        #expect(read.seller.name == invoice.seller.name)
    }
}
