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
        #expect(findings.contains { $0.code == .updRule && $0.field?.description.contains("ТаблСчФакт") == true })
    }
}

/// Rules are compiled once per thread (XPathEngine): checks on many threads at once find
/// exactly what one check finds.
@Suite("UPD checks on many threads")
struct UPDConcurrencyTests {
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int: [String]] = [:]
        func set(_ index: Int, _ findings: [String]) { lock.lock(); values[index] = findings; lock.unlock() }
        var all: [Int: [String]] { lock.lock(); defer { lock.unlock() }; return values }
    }

    @Test func parallelChecksAgreeWithOneCheck() throws {
        let file = try UPDWriter.write(try UPDFixtures.example("ru-seller-schet-faktura.json"), options: UPDFixtures.options(.invoice))
        let clean = file.bytes
        let renamed = "renamed.xml"
        let expected = [UPDCheck.check(clean, source: file.name + ".xml").findings.map(\.description),
                        UPDCheck.check(clean, source: renamed).findings.map(\.description)]
        #expect(expected[0].isEmpty)
        #expect(expected[1].count == 1)
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let source = index % 2 == 0 ? file.name + ".xml" : renamed
            results.set(index, UPDCheck.check(clean, source: source).findings.map(\.description))
        }
        for (index, findings) in results.all {
            #expect(findings == expected[index % 2], "check \(index)")
        }
        #expect(results.all.count == 64)
    }
}
