import FakturaTestSupport
import Findings
import Foundation
import InvoiceModel
import PDFReading
import PDFRender
import Testing
import Validate
import ERPAudit

/// The routes beyond the examples in Chinese and Russian (docs/languages.md): the invoice
/// JSON's reading errors (key paths and types named), the spreadsheet damage of an export,
/// the characters no font draws; and the templates' labels, which are the glossary's terms.
@Suite("Localized findings of reading, export damage and rendering")
struct LocalizedRoutesTests {
    static let languages = ["zh-Hans", "ru"]

    /// One broken invoice per reading error the JSON reader words: each is a finding whose
    /// catalogue text says in English exactly what the error says.
    static let brokenInvoices: [(label: String, edit: @Sendable (inout [String: Any]) -> Void)] = [
        ("missing", { $0["currency"] = nil }),
        ("null string", { $0["currency"] = NSNull() }),
        ("null object", { $0["seller"] = NSNull() }),
        ("wrong type", { $0["number"] = 12 }),
        ("not a bool", { $0["pricesIncludeVat"] = "yes" }),
        ("not an array", { $0["lines"] = "none" }),
        ("not a date", { $0["date"] = "27.11.2026" }),
        ("not a decimal", { Self.editLine(&$0) { $0["price"] = "12,50" } }),
        ("not a rate", { Self.editLine(&$0) { $0["vatRate"] = "twenty" } }),
        ("rate of wrong type", { Self.editLine(&$0) { $0["vatRate"] = true } }),
        ("not a supply", { $0["supply"] = "gifts" }),
        ("unknown key", { $0["sellr"] = ["name": "x"] }),
        ("unknown key without a near one", { $0["qqqqqqqqqqqq"] = 1 }),
    ]

    static func editLine(_ object: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var lines = object["lines"] as! [[String: Any]]
        edit(&lines[0])
        object["lines"] = lines
    }

    static func readingFindings() throws -> [Finding] {
        let validator = InvoiceValidator(today: LocalDate(iso: "2026-12-01")!)
        var findings = try brokenInvoices.map { broken in
            let data = Samples.json(Samples.crossBorder(), editing: broken.edit)
            let found = validator.validate(data: data, source: "broken.json").findings
            try #require(found.count == 1, "\(broken.label): \(found)")
            return found[0]
        }
        findings.append(contentsOf: validator.validate(data: Data("{\"number\": ".utf8), source: "cut.json").findings)
        return findings
    }

    @Test func everyReadingErrorIsACatalogueTextWithTheReadersEnglish() throws {
        let validator = InvoiceValidator(today: LocalDate(iso: "2026-12-01")!)
        for broken in Self.brokenInvoices {
            let data = Samples.json(Samples.crossBorder(), editing: broken.edit)
            let error = try #require(Result { try InvoiceJSON.decode(data) }.failure as? InvoiceDecodingError, "\(broken.label)")
            let finding = try #require(validator.validate(data: data, source: "x.json").findings.first)
            #expect(finding.text != nil, "\(broken.label): no catalogue text")
            #expect(finding.message == error.message, "\(broken.label)")
            #expect(finding.field?.description == (error.path.isEmpty ? nil : error.path), "\(broken.label)")
        }
    }

    @Test(arguments: languages)
    func readingErrorsHoldNoEnglishWords(_ tag: String) throws {
        let language = try #require(Language(matching: tag))
        let findings = try Self.readingFindings()
        for finding in findings {
            let text = finding.description(in: language)
            // The JSON reader's own detail of a syntax error is quoted as it is.
            let rest = EnglishWords.withoutData(text, findings: [finding], withQuotedEnglish: true)
            #expect(EnglishWords.words(in: rest).isEmpty, "\(tag): English words \(EnglishWords.words(in: rest)) in \(text)")
            for value in finding.text.map({ EnglishWords.values($0) }) ?? [] {
                #expect(text.contains(value), "\(tag): '\(value)' is not in \(text)")
            }
        }
    }

    @Test(arguments: languages)
    func spreadsheetDamageIsNamedInTheLanguage(_ tag: String) async throws {
        let language = try #require(Language(matching: tag))
        let folder = ScratchFolder()
        defer { folder.remove() }
        let export = folder.url.appendingPathComponent("orders.csv")
        try Data("posting_number,status,hs_code,buyer_inn\n0100000009-0001-1,awaiting_packaging,8.51713E+09,770708389\n".utf8).write(to: export)
        let report = try await ExportAudit(options: .init(jobs: 1, today: LocalDate(iso: "2026-12-01")!)).run(export: export)
        let damage = try #require(report.postings.first).findings.filter { $0.text?.key.hasPrefix("excel.") == true }
        #expect(damage.count == 2, "\(report.postings.first?.findings ?? [])")
        for finding in damage {
            let text = finding.message(in: language)
            #expect(text != finding.message)
            let rest = EnglishWords.withoutData(text, findings: [finding])
            #expect(EnglishWords.words(in: rest).isEmpty, "\(tag): English words \(EnglishWords.words(in: rest)) in \(text)")
        }
    }

    @Test(arguments: languages)
    func glyphWarningsOfRenderingAreInTheLanguage(_ tag: String) throws {
        let language = try #require(Language(matching: tag))
        var invoice = Samples.crossBorder(lines: 1)
        invoice.lines[0].name += " 🚀"
        let rendered = try InvoiceRenderer(template: try TemplateCatalog.builtIn(named: "commercial-invoice")).renderReporting(invoice)
        let warnings = rendered.uncoveredCharacters.map(Finding.glyphMissing)
        #expect(!warnings.isEmpty)
        for warning in warnings {
            let text = warning.description(in: language)
            let rest = EnglishWords.withoutData(text, findings: [warning])
            #expect(EnglishWords.words(in: rest).isEmpty, "\(tag): English words \(EnglishWords.words(in: rest)) in \(text)")
        }
    }

    /// docs/glossary.md's table of labels is the catalogues' `term.*` texts, word for word.
    @Test func theGlossaryListsEveryTermOfTheDocuments() throws {
        let glossary = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("docs/glossary.md"), encoding: .utf8)
        var rows: [String: [String]] = [:]
        for line in glossary.split(separator: "\n") where line.hasPrefix("| `term.") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            rows[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = Array(cells.dropFirst())
        }
        let terms = MessageCatalogue.english.texts.keys.filter { $0.hasPrefix("term.") }.sorted()
        #expect(terms.count >= 20)
        #expect(Set(rows.keys) == Set(terms), "glossary rows \(rows.keys.sorted()) vs catalogue \(terms)")
        for term in terms {
            let expected = ["en", "zh-Hans", "ru"].map { MessageCatalogue.of(Language(matching: $0)!).texts[term] ?? "" }
            #expect(rows[term] == expected, "\(term): glossary \(rows[term] ?? []), catalogues \(expected)")
        }
    }

    /// The built-in templates name their labels by term, and a label prints the term's text.
    @Test func templateLabelsAreTheGlossarysTerms() throws {
        for name in ["commercial-invoice", "ru-schet-faktura"] {
            let source = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("templates/\(name).xml"), encoding: .utf8)
            #expect(source.contains("{term:seller:ru}"), "\(name) does not take the seller's label from the glossary")
            _ = try TemplateCatalog.builtIn(named: name)
        }
        let pdf = try InvoiceRenderer(template: try TemplateCatalog.builtIn(named: "commercial-invoice")).render(Samples.crossBorder())
        // The words as the PDF reader sees them, joined with spaces (a label may break across words).
        let text = try PDFDocument(data: pdf, source: "ci.pdf").pageTexts().flatMap(\.words).map(\.text).joined(separator: " ")
        for term in ["posting", "seller", "vatBreakdown", "totalWithVat"] {
            let english = try #require(MessageCatalogue.english.texts["term.\(term)"])
            let russian = try #require(MessageCatalogue.of(Language(matching: "ru")!).texts["term.\(term)"])
            #expect(text.contains(english) && text.contains(russian), "\(term): \(english) / \(russian) not on the invoice")
        }
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
