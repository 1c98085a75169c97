import FakturaTestSupport
import Foundation
import Testing
import InvoiceModel

@Suite struct HSCodeTests {
    @Test func normalizeDropsDotsSpacesAndNonBreakingSpaces() {
        #expect(HSCode.normalize("8517.13.00 00") == "8517130000")
        #expect(HSCode.normalize("8517\u{00A0}13\u{202F}000\t0") == "8517130000")
    }

    @Test(arguments: ["851713", "85171300", "8517130000", "8517.13.00 00", "010121"])
    func parseAcceptsSixEightAndTenDigits(_ raw: String) throws {
        let code = try HSCode.parse(raw)
        #expect(code.subheading == HSCode.normalize(raw).prefix(6).description)
        #expect(code.chapter == String(HSCode.normalize(raw).prefix(2)))
    }

    @Test func parseKeepsLeadingZeros() throws {
        let code = try HSCode.parse("0101.21")
        #expect(code.digits == "010121")
        #expect(code.chapter == "01")
        #expect(code.description == "010121")
    }

    @Test(arguments: ["001234", "7712345678", "980000", "99123456"])
    func parseRefusesReservedChapters(_ raw: String) {
        #expect(throws: HSCodeError.reservedChapter(String(raw.prefix(2)))) { try HSCode.parse(raw) }
    }

    @Test(arguments: [("8517130", 7), ("85171", 5), ("85171300000", 11), ("8517", 4)])
    func parseRefusesOtherLengths(_ raw: String, _ count: Int) {
        #expect(throws: HSCodeError.invalidLength(count)) { try HSCode.parse(raw) }
    }

    @Test func parseRefusesEmptyAndNonDigits() {
        #expect(throws: HSCodeError.empty) { try HSCode.parse(" . ") }
        #expect(throws: HSCodeError.notDigits) { try HSCode.parse("8517-13") }
        #expect(throws: HSCodeError.notDigits) { try HSCode.parse("８５１７１３") }
        #expect(HSCodeError.empty.findingCode == "HS_CODE_MISSING")
        #expect(HSCodeError.invalidLength(7).findingCode == "HS_CODE_FORMAT")
    }

    @Test func nomenclatureFindsTheNamedCodeColumn() throws {
        let csv = """
        section,hscode,description,parent,level
        I,01,Animals; live,TOTAL,2
        I,0101,"Horses, asses, mules and hinnies; live",01,4
        I,010121,"Horses; live, pure-bred breeding animals",0101,6
        XVI,851713,"Smartphones, ""quoted"" text",8517,6
        TOTAL,TOTAL,Total,TOTAL,5
        """
        let table = try HSNomenclature(csv: csv, source: "test.csv")
        #expect(table.subheadingCount == 2)
        #expect(table.contains(subheading: "010121"))
        #expect(table.contains(subheading: "8517130000"))
        #expect(!table.contains(subheading: "851712"))
        #expect(!table.contains(subheading: "0101"))
    }

    @Test func nomenclatureFallsBackToTheFirstAllDigitColumn() throws {
        let csv = "name,tnved\r\nPhones,8517 13 000 0\r\nHorses,0101210000\r\n"
        let table = try HSNomenclature(csv: csv, source: "tnved.csv")
        #expect(table.subheadingCount == 2)
        #expect(table.contains(subheading: "851713"))
        #expect(table.contains(subheading: "010121"))
    }

    @Test func nomenclatureAcceptsQuotedMultiLineFieldsAndABOM() throws {
        let csv = "\u{FEFF}\"HS_Code\",\"Description\"\n\"851713\",\"line one\nline two\"\n\"847130\",\"laptops\"\n"
        let table = try HSNomenclature(csv: csv, source: "bom.csv")
        #expect(table.subheadingCount == 2)
        #expect(table.contains(subheading: "847130"))
    }

    @Test func nomenclatureErrorsNameTheSource() {
        #expect(throws: HSNomenclatureError.noCodeColumn(source: "x.csv", header: ["name", "note"])) {
            try HSNomenclature(csv: "name,note\nPhones,none\n", source: "x.csv")
        }
        #expect(throws: HSNomenclatureError.empty(source: "e.csv")) {
            try HSNomenclature(csv: "", source: "e.csv")
        }
        #expect(throws: HSNomenclatureError.empty(source: "h.csv")) {
            try HSNomenclature(csv: "hscode\n01\n0101\n", source: "h.csv")
        }
        let broken = HSNomenclatureError.malformed(source: "q.csv", line: 2, reason: "a quoted field is never closed")
        #expect(throws: broken) { try HSNomenclature(csv: "hscode\n\"851713\n", source: "q.csv") }
        #expect(broken.description.hasPrefix("q.csv:2:"))
    }

    @Test func nomenclatureReadsAFileAndNamesAMissingOne() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let dir = scratch.url
        let file = dir.appendingPathComponent("hs.csv")
        try "code,text\n851713,Phones\n".write(to: file, atomically: true, encoding: .utf8)
        let table = try HSNomenclature(contentsOf: file)
        #expect(table.contains(subheading: "851713"))
        #expect(table.source == file.path)

        let missing = dir.appendingPathComponent("absent.csv")
        do {
            _ = try HSNomenclature(contentsOf: missing)
            Issue.record("a missing file was read")
        } catch {
            guard case .unreadable(let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == missing.path)
            #expect(error.description.contains("absent.csv"))
        }

        let latin1 = dir.appendingPathComponent("latin1.csv")
        try Data([0x63, 0x6F, 0x64, 0x65, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: latin1)
        #expect(throws: HSNomenclatureError.unreadable(path: latin1.path, reason: "the file is not UTF-8 text")) {
            try HSNomenclature(contentsOf: latin1)
        }
    }

    @Test func customsDeclarationNumbersParse() throws {
        let number = try CustomsDeclarationNumber.parse("10702070/271126/3123456")
        #expect(number.office == "10702070")
        #expect(number.date == "271126")
        #expect(number.serial == "3123456")
        #expect(number.item == nil)
        let withItem = try CustomsDeclarationNumber.parse(" 10702070 / 290224 / 3123456 / 001 ")
        #expect(withItem.item == "001")
        #expect(withItem.description == "10702070/290224/3123456/001")
    }

    @Test func customsDeclarationNumbersRefuseMalformedParts() {
        #expect(throws: CustomsDeclarationError.empty) { try CustomsDeclarationNumber.parse("  ") }
        #expect(throws: CustomsDeclarationError.wrongPartCount(2)) { try CustomsDeclarationNumber.parse("10702070/271126") }
        #expect(throws: CustomsDeclarationError.invalidOffice("1070207")) { try CustomsDeclarationNumber.parse("1070207/271126/3123456") }
        #expect(throws: CustomsDeclarationError.invalidDate("311126")) { try CustomsDeclarationNumber.parse("10702070/311126/3123456") }
        #expect(throws: CustomsDeclarationError.invalidDate("290223")) { try CustomsDeclarationNumber.parse("10702070/290223/3123456") }
        #expect(throws: CustomsDeclarationError.invalidDate("271326")) { try CustomsDeclarationNumber.parse("10702070/271326/3123456") }
        #expect(throws: CustomsDeclarationError.invalidSerial("312345A")) { try CustomsDeclarationNumber.parse("10702070/271126/312345A") }
        #expect(throws: CustomsDeclarationError.invalidItem("1")) { try CustomsDeclarationNumber.parse("10702070/271126/3123456/1") }
        #expect(CustomsDeclarationError.invalidDate("311126").description.contains("DDMMYY"))
    }
}
