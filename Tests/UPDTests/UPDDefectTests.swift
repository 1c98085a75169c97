import FakturaTestSupport
import FakturaXML
import Findings
import Foundation
import InvoiceModel
import Testing
import UPD
import Validate

/// One planted defect per class of rule, each found with its code; the clean file: nothing.
@Suite("UPD in: planted defects")
struct UPDDefectTests {
    /// The Russian example as a СЧФДОП and as a СЧФ, in UTF-8 text under its own name.
    static func clean(_ function: UPDWriter.Function = .invoiceAndTransfer) throws -> (name: String, text: String) {
        let file = try UPDWriter.write(try UPDFixtures.example("ru-seller-schet-faktura.json"), options: UPDFixtures.options(function))
        return (file.name, try UPDFixtures.utf8Text(file))
    }

    struct Defect: Sendable, CustomTestStringConvertible {
        let label: String
        let function: UPDWriter.Function
        /// The text replaced (its first occurrence), and what replaces it; or, with `removing`,
        /// the text that marks the element of that name which is removed whole.
        let from: String
        let to: String
        var removing: String? = nil
        let code: FindingCode
        /// What the finding's message or field must say (the tax service's code, the element).
        let says: String
        var testDescription: String { label }
    }

    static let defects: [Defect] = [
        Defect(label: "ТаблСчФакт missing for СЧФ", function: .invoice, from: "<ТаблСчФакт>", to: "", removing: "ТаблСчФакт", code: .updRule,
               says: "0400300003"),
        Defect(label: "НаимДокОпр present for СЧФ", function: .invoice, from: "Функция=\"СЧФ\"",
               to: "Функция=\"СЧФ\" НаимДокОпр=\"Счет-фактура\"", code: .updRule, says: "@НаимДокОпр"),
        Defect(label: "СвПродПер missing for СЧФДОП", function: .invoiceAndTransfer, from: "<СвПродПер>", to: "", removing: "СвПродПер",
               code: .updRule, says: "СвПродПер"),
        Defect(label: "the buyer's address missing", function: .invoiceAndTransfer,
               from: "АдрТекст=\"117997", to: "", removing: "Адрес",
               code: .updRule, says: "Адрес"),
        Defect(label: "country of origin without its name", function: .invoiceAndTransfer, from: "<КрНаимСтрПр>Китай</КрНаимСтрПр>",
               to: "", code: .updRule, says: "КрНаимСтрПр"),
        Defect(label: "signed by power of attorney without its details", function: .invoiceAndTransfer,
               from: "СпосПодтПолном=\"1\"", to: "СпосПодтПолном=\"3\"", code: .updRule, says: "СвДоверЭл"),
        Defect(label: "a 12-digit KPP", function: .invoiceAndTransfer, from: "КПП=\"772801001\"", to: "КПП=\"772801001000\"",
               code: .updSchema, says: "КПП"),
        Defect(label: "a line's VAT that does not add up", function: .invoiceAndTransfer, from: "<СумНал>1751.64</СумНал>",
               to: "<СумНал>1752.64</СумНал>", code: .vatAmountMismatch, says: "lines[1]"),
        Defect(label: "an INN with a wrong check digit", function: .invoiceAndTransfer, from: "ИННЮЛ=\"7728168971\"",
               to: "ИННЮЛ=\"7728168972\"", code: .taxIdChecksum, says: "7728168972"),
        Defect(label: "a unit that is no ОКЕИ code", function: .invoiceAndTransfer, from: "ОКЕИ_Тов=\"166\"", to: "ОКЕИ_Тов=\"999\"",
               code: .unitUnknown, says: "999"),
        Defect(label: "a rate not in force on the date", function: .invoiceAndTransfer, from: "НалСт=\"22%\"", to: "НалСт=\"20%\"",
               code: .vatRateInvalid, says: "20%"),
        Defect(label: "an HS code of 10 digits that is no code", function: .invoiceAndTransfer, from: "КодВидТов=\"0902300000\"",
               to: "КодВидТов=\"0000000000\"", code: .hsCodeFormat, says: "0000000000"),
    ]

    @Test func theCleanFilesHaveNoFinding() throws {
        for function in UPDWriter.Function.allCases {
            let (name, text) = try Self.clean(function)
            #expect(UPDFixtures.findings(text, name: name).isEmpty, "\(function.rawValue): \(UPDFixtures.findings(text, name: name).map(\.description))")
        }
    }

    @Test(arguments: defects)
    func eachDefectIsFoundWithItsCode(_ defect: Defect) throws {
        let (name, text) = try Self.clean(defect.function)
        let range = try #require(text.range(of: defect.from), "the clean file has no \(defect.from)")
        var planted = text
        if let element = defect.removing {
            let start = try #require(text.range(of: "<\(element)>", options: .backwards, range: text.startIndex..<range.upperBound))
            let end = try #require(text.range(of: "</\(element)>", range: range.upperBound..<text.endIndex))
            planted.replaceSubrange(start.lowerBound..<end.upperBound, with: "")
        } else {
            planted.replaceSubrange(range, with: defect.to)
        }
        let findings = UPDFixtures.findings(planted, name: name)
        let found = findings.filter { $0.code == defect.code && ($0.message + ($0.field?.description ?? "")).contains(defect.says) }
        #expect(!found.isEmpty, "\(defect.label): \(findings.map(\.description))")
    }

    @Test func aFileNotNamedByItsIdIsFound() throws {
        let (name, text) = try Self.clean()
        let findings = UPDFixtures.findings(text, name: name + "_renamed")
        #expect(findings.count == 1)
        #expect(findings.first?.code == .updRule)
        #expect(findings.first?.message.hasPrefix("0400400007") == true)
        #expect(findings.first?.message.contains(name + "_renamed") == true)
    }

    @Test func aMarkingCodeElementWithNothingInItBreaksTheRule() throws {
        let (name, text) = try Self.clean()
        let planted = text.replacingOccurrences(of: "<КрНаимСтрПр>Китай</КрНаимСтрПр>",
                                                with: "<КрНаимСтрПр>Китай</КрНаимСтрПр>\n<НомСредИдентТов/>")
        let findings = UPDFixtures.findings(planted, name: name).filter { $0.code == .updRule }
        // Each of the four alternatives (КИЗ, НомУпак, ИдентТрансУпак, КолВедМарк) is missing.
        #expect(findings.count == 4, "\(findings.map(\.description))")
        #expect(findings.allSatisfy { $0.field?.description.contains("НомСредИдентТов") == true })
    }
}
