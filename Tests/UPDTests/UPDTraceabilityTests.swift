import FakturaTestSupport
import FakturaXML
import Findings
import Foundation
import InvoiceModel
import Testing
import UPD
import Validate

/// Traceability (РНПТ, columns 12–14) and marking codes (КИЗ) into the UPD and back, with the
/// file-name flags N2 and N3 that announce them.
@Suite("UPD traceability and marking")
struct UPDTraceabilityTests {
    static let code = "0104607012345677215Ab1Cd2Ef3Gh4\u{1D}91EE06\u{1D}92" + String(repeating: "Ab3=", count: 11)

    static var invoice: Invoice {
        var invoice = Samples.russianInvoice
        invoice.signer = Signer(name: "Петрова Анна Сергеевна", position: "Главный бухгалтер")
        invoice.lines[0].traceability = Traceability(batchNumber: "10702070/011126/3000123/001",
                                                     unit: UnitOfMeasure(code: "166", name: "кг"), quantity: Decimal(string: "2.375")!)
        invoice.lines[1].markingCodes = [code, "0104606068329389215Zz9Yy8Xx7Ww6"]
        return invoice
    }

    @Test func theyAreWrittenFlaggedAndReadBack() throws {
        var options = UPDFixtures.options()
        options.signer = nil  // the invoice's own signer
        let file = try UPDWriter.write(Self.invoice, options: options)
        #expect(file.name.hasSuffix("_1_1_0_0_0_00"))
        let text = try UPDFixtures.utf8Text(file)
        #expect(text.contains("<СведПрослеж НомТовПрослеж=\"10702070/011126/3000123/001\" ЕдИзмПрослеж=\"166\" НаимЕдИзмПрослеж=\"кг\" КолВЕдПрослеж=\"2.375\" СтТовБезНДСПрослеж=\"3443.75\"/>"))
        #expect(text.contains("<КИЗ>0104607012345677215Ab1Cd2Ef3Gh4</КИЗ>"))
        #expect(text.contains("<ФИО Фамилия=\"Петрова\" Имя=\"Анна\" Отчество=\"Сергеевна\"/>"))

        let result = UPDCheck.check(file.bytes, source: file.name + ".xml")
        #expect(result.findings.isEmpty, "\(result.findings.map(\.description))")
        let read = try #require(result.invoice)
        #expect(read.signer == Self.invoice.signer)
        #expect(read.lines[0].traceability?.batchNumber == "10702070/011126/3000123/001")
        #expect(read.lines[0].traceability?.quantity == Decimal(string: "2.375"))
        #expect(read.lines[0].traceability?.amountWithoutVat == Decimal(string: "3443.75"))
        // The identification part of each code: GTIN and serial (XML cannot carry the GS before 91, 92).
        #expect(read.lines[1].markingCodes == ["0104607012345677215Ab1Cd2Ef3Gh4", "0104606068329389215Zz9Yy8Xx7Ww6"])
        let findings = InvoiceValidator(today: LocalDate(iso: "2026-12-01")!).validate(read)
        #expect(findings.isEmpty, "\(findings.map(\.description))")

        let folder = ScratchFolder("upd-trace")
        let written = folder.write(file.name + ".xml", file.bytes)
        let lint = try CLI.runTool("/usr/bin/xmllint", ["--noout", "--schema", UPDSchemaTests.schemaFile.path, written.path])
        #expect(lint.status == 0, "\(lint.stderr)")
    }

    @Test func aMarkingCodeOnALineOfAFileFlaggedN3ZeroIsFound() throws {
        var plain = Self.invoice
        plain.lines[0].traceability = nil
        plain.lines[1].markingCodes = []
        let file = try UPDWriter.write(plain, options: UPDFixtures.options())
        let text = try UPDFixtures.utf8Text(file)
        #expect(file.name.hasSuffix("_0_0_0_0_0_00"))
        let planted = text.replacingOccurrences(of: "<КрНаимСтрПр>Россия</КрНаимСтрПр>",
                                                with: "<КрНаимСтрПр>Россия</КрНаимСтрПр><НомСредИдентТов><КИЗ>0104607012345677215Ab1Cd2Ef3Gh4</КИЗ></НомСредИдентТов>")
        #expect(planted != text)
        let findings = UPDFixtures.findings(planted, name: file.name)
        #expect(findings.count == 1, "\(findings.map(\.description))")
        #expect(findings.first?.code == .updFileName)
        #expect(findings.first?.message.contains("N3 is 0") == true)
    }

    @Test func badTraceabilityAndMarkingInAUPDAreNamed() throws {
        var invoice = Self.invoice
        invoice.lines[0].traceability?.batchNumber = "10702070/011126/3000123/0011"  // 28 characters: the XSD allows 25-29
        invoice.lines[1].markingCodes = ["0104607012345670215Ab1Cd2Ef3Gh4"]  // GTIN check digit wrong
        let file = try UPDWriter.write(invoice, options: UPDFixtures.options())
        let findings = UPDFixtures.findings(try UPDFixtures.utf8Text(file), name: file.name)
        #expect(Set(findings.map(\.code)) == [.traceabilityFormat, .markingCodeFormat], "\(findings.map(\.description))")
    }

    @Test func aFileNameOutsideTheRuleIsNamed() throws {
        let file = try UPDWriter.write(Samples.russianInvoice, options: UPDFixtures.options())
        let text = try UPDFixtures.utf8Text(file).replacingOccurrences(of: file.name, with: "UPD_2026_0042")
        let findings = UPDFixtures.findings(text, name: "UPD_2026_0042")
        #expect(findings.map(\.code) == [.updFileName], "\(findings.map(\.description))")
    }
}
