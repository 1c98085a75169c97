import FakturaTestSupport
import Findings
import Foundation
import InvoiceModel
import Testing
import UPD
import Validate

/// The UPD's findings in Chinese and Russian (docs/languages.md): every one a catalogue text,
/// and the text report holds no English words outside codes, element names, the file's values
/// and the words libxml2 writes (quoted as they come). The schema's own rule texts are Russian.
@Suite("UPD findings in every language")
struct UPDLanguageTests {
    /// The Russian example with defects of each kind Faktura words itself: a schema rule, an
    /// element the reader needs, a number that is none, the file name's pattern and flags.
    static func plantedFindings() throws -> [(file: String, findings: [Finding])] {
        let (name, text) = try UPDDefectTests.clean()
        var cases: [(String, String)] = []
        cases.append((name, text.replacingOccurrences(of: "СпосПодтПолном=\"1\"", with: "СпосПодтПолном=\"3\"")))
        cases.append((name, text.replacingOccurrences(of: "КПП=\"772801001\"", with: "КПП=\"772801001000\"")))
        let id = try #require(text.firstMatch(of: /ИдФайл="([^"]+)"/)).output.1
        // The flag N2 (traceability) set although no line is traceable: the flag finding.
        var parts = id.split(separator: "_").map(String.init)
        parts[6] = "1"
        let flagged = parts.joined(separator: "_")
        cases.append((flagged, text.replacingOccurrences(of: String(id), with: flagged)))
        cases.append(("ON_X", text.replacingOccurrences(of: String(id), with: "ON_X")))
        cases.append((name, "<Файл ИдФайл=\"x\"><Документ КНД=\"1115125\"/></Файл>"))
        cases.append((name, "<Счёт/>"))
        return cases.map { (name, planted) in ("\(name).xml", UPDFixtures.findings(planted, name: name)) }
    }

    @Test func everyFindingHasCatalogueText() throws {
        let all = try Self.plantedFindings().flatMap(\.findings)
        #expect(Set(all.map(\.code)).isSuperset(of: [.updRule, .updSchema, .updFileName]), "\(all.map(\.description))")
        for finding in all {
            #expect(finding.text != nil, "no catalogue text: \(finding)")
            #expect(finding.text?.english == finding.message)
        }
    }

    @Test(arguments: ["zh-Hans", "ru"])
    func theTextReportHoldsNoEnglishWords(_ tag: String) throws {
        let language = try #require(Language(matching: tag))
        let documents = try Self.plantedFindings().map { DocumentReport(file: $0.file, findings: $0.findings) }
        let report = ValidationReport(tool: ReportTool(version: "test"), documents: documents)
        let text = report.text(in: language, strict: false)
        let english = report.text(in: .english, strict: false)
        #expect(EnglishWords.words(in: english).count > 10, "the check finds English in the English report")
        let rest = EnglishWords.withoutData(text, findings: documents.flatMap(\.findings), also: documents.map(\.file),
                                            withQuotedEnglish: true)
        #expect(EnglishWords.words(in: rest).isEmpty, "\(tag): English words \(EnglishWords.words(in: rest)) in\n\(text)")
    }
}
