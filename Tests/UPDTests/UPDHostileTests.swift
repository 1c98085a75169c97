import FakturaTestSupport
import FakturaXML
import Findings
import Foundation
import InvoiceModel
import Testing
import UPD
import Validate

/// Hostile UPD files go through the same budgets and hardened parser as any XML Faktura reads:
/// each is answered with a finding naming the problem, never a crash, a hang or a silent pass.
@Suite("UPD in: hostile input")
struct UPDHostileTests {
    static func check(_ text: String, budget: XMLBudget = .standard) -> [Finding] {
        UPDCheck.check(Data(text.utf8), source: "ON_NSCHFDOPPR_x.xml", budget: budget).findings
    }

    @Test func anEntityExpansionIsRefusedAtItsDoctype() {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE Файл [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <Файл ИдФайл="&b;"/>
            """
        let findings = Self.check(text)
        #expect(findings.count == 1)
        #expect(findings.first?.code == .schema)
        #expect(findings.first?.message.contains("DOCTYPE") == true)
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let text = "<Файл>" + String(repeating: "<Документ>", count: 300) + String(repeating: "</Документ>", count: 300) + "</Файл>"
        let findings = Self.check(text)
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("nesting depth") == true)
    }

    @Test func aFileOverItsByteBudgetIsRefused() {
        let budget = XMLBudget(maximumBytes: 1000, maximumAttributesPerElement: 256, maximumNodes: 1000, maximumDepth: 64)
        let findings = Self.check("<Файл ИдФайл=\"" + String(repeating: "x", count: 2000) + "\"/>", budget: budget)
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("the limit for bytes is 1000") == true, "\(findings)")
    }

    @Test func malformedAndForeignDocumentsAreNamed() {
        #expect(Self.check("<Файл><Документ></Файл>").first?.message.hasPrefix("malformed XML") == true)
        let other = Self.check("<Файл ВерсФорм=\"5.01\"><Документ КНД=\"1115131\"/></Файл>")
        #expect(other.count == 1)
        #expect(other.first?.code == .updSchema)
        #expect(other.first?.message.contains("version 5.01") == true)
        let wrongRoot = Self.check("<invoice xmlns=\"urn:faktura:invoice:1\"/>")
        #expect(wrongRoot.first?.message.contains("<invoice>") == true)
    }

    /// "Any declared encoding": the same UPD in UTF-16 (with its byte order mark) is found to be a
    /// UPD and read the same.
    @Test func aUPDInUTF16IsReadAsInWindows1251() throws {
        let file = try UPDWriter.write(Samples.russianInvoice, options: UPDFixtures.options())
        let text = try UPDFixtures.utf8Text(file).replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        let utf16 = try CLI.runTool("/usr/bin/iconv", ["-f", "UTF-8", "-t", "UTF-16"], input: Data(text.utf8)).stdoutData
        #expect(utf16.prefix(2) == Data([0xFF, 0xFE]) || utf16.prefix(2) == Data([0xFE, 0xFF]))
        #expect(UPDCheck.looksLikeUPD(utf16))
        let report = InvoiceValidator(today: LocalDate(iso: "2026-12-01")!).validate(data: utf16, source: "/tmp/\(file.name).xml")
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description))")
        #expect(UPDCheck.check(utf16, source: file.name + ".xml").invoice?.number == Samples.russianInvoice.number)
    }

    /// A file the XSD refuses still gets every rule: the rules are checked on what is there.
    @Test func anInvalidFileIsStillCheckedByTheRules() {
        let text = "<Файл ИдФайл=\"other\" ВерсФорм=\"5.03\" ВерсПрог=\"x\"><Документ КНД=\"1115131\" Функция=\"СЧФ\"/></Файл>"
        let findings = Self.check(text)
        #expect(findings.contains { $0.code == .updSchema })
        #expect(findings.contains { $0.code == .updRule && $0.message.hasPrefix("0400400007") })
        #expect(findings.contains { $0.code == .updRule && $0.field?.contains("ТаблСчФакт") == true })
    }
}
