import FakturaTestSupport
import Foundation
import FakturaXML
import InvoiceModel
import Testing
@testable import Findings
@testable import Validate

@Suite("Reading invoice JSON and XML into findings")
struct DocumentInputTests {
    let validator = Samples.validator

    func findings(_ data: Data, _ source: String = "invoice.json") -> [Finding] {
        validator.validate(data: data, source: source).findings
    }

    @Test func cleanJSONIsOK() {
        let report = validator.validate(data: InvoiceJSON.encode(Samples.chineseInvoice), source: "a.json")
        #expect(report.status == .ok && report.findings == [] && report.file == "a.json")
    }

    @Test func missingRequiredFieldIsSchemaWithPath() {
        let data = Samples.json(Samples.chineseInvoice) { $0["seller"] = nil }
        #expect(findings(data).map(\.code) == [.schema])
        #expect(findings(data).first?.field == "seller")
    }

    @Test func syntaxErrorIsSchema() {
        let report = validator.validate(data: Data("{\"number\": ".utf8), source: "broken.json")
        #expect(report.findings.map(\.code) == [.schema])
        #expect(report.status == .failed)
    }

    @Test func impossibleDateIsDateInvalid() {
        let data = Samples.json(Samples.russianInvoice) { $0["date"] = "2026-02-30" }
        #expect(findings(data).map(\.code) == [.dateInvalid])
        #expect(findings(data).first?.field == "date")
    }

    @Test func unreadableQuantityPriceAndRateHaveTheirOwnCodes() {
        func edited(_ key: String, _ value: Any) -> [Finding] {
            findings(Samples.json(Samples.russianInvoice) { object in
                var lines = object["lines"] as! [[String: Any]]
                lines[1][key] = value
                object["lines"] = lines
            })
        }
        #expect(edited("quantity", "abc").map(\.code) == [.quantityInvalid])
        #expect(edited("quantity", "abc").first?.field == "lines[1].quantity")
        #expect(edited("price", "12,50").map(\.code) == [.priceInvalid])
        #expect(edited("vatRate", "21").map(\.code) == [.vatRateInvalid])
    }

    @Test func deeplyNestedJSONEndsQuicklyWithSchema() {
        let depth = 100_000
        let data = Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        let start = ContinuousClock.now
        let result = findings(data)
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(result.map(\.code) == [.schema])
    }

    @Test func cleanXMLIsOKAndItsSchemaErrorsNameTheLine() {
        let xml = InvoiceXML.encode(Samples.russianInvoice)
        #expect(findings(xml, "a.xml") == [])
        let broken = Data(String(decoding: xml, as: UTF8.self).replacingOccurrences(of: "<currency>RUB</currency>", with: "").utf8)
        let result = findings(broken, "a.xml")
        #expect(result.map(\.code) == [.schema])
        #expect(result.first?.field?.description.hasPrefix("line ") == true)
    }

    @Test func xmlWithImpossibleDateIsDateInvalid() {
        let xml = String(decoding: InvoiceXML.encode(Samples.russianInvoice), as: UTF8.self)
            .replacingOccurrences(of: "<date>2026-11-20</date>", with: "<date>2026-02-30</date>")
        #expect(findings(Data(xml.utf8), "a.xml").map(\.code) == [.dateInvalid])
    }

    @Test func externalEntityIsRefusedWithoutReadingTheFile() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let secret = scratch.write("secret.txt", "TOP-SECRET-CONTENT")
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE invoice [ <!ENTITY leak SYSTEM "file://\(secret.path)"> ]>
            <invoice xmlns="urn:faktura:invoice:1"><number>&leak;</number></invoice>
            """
        let start = ContinuousClock.now
        let result = findings(Data(xml.utf8), "evil.xml")
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(result.map(\.code) == [.schema])
        #expect(!result.contains { $0.message.contains("TOP-SECRET") })
    }

    @Test func entityExpansionBombEndsQuicklyWithSchema() {
        var entities = "<!ENTITY a0 \"lol\">"
        for level in 1...9 {
            entities += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
        }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE invoice [\(entities)]><invoice xmlns=\"urn:faktura:invoice:1\"><number>&a9;</number></invoice>"
        let start = ContinuousClock.now
        let result = findings(Data(xml.utf8), "bomb.xml")
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(result.map(\.code) == [.schema])
    }

    @Test func unknownContentIsSchema() {
        #expect(findings(Data("hello".utf8), "notes.txt").map(\.code) == [.schema])
    }

    @Test func missingFileIsAFindingNotACrash() {
        let report = validator.validate(fileAt: URL(fileURLWithPath: "/nonexistent/faktura/invoice.json"))
        #expect(report.findings.map(\.code) == [.schema])
        #expect(report.status == .failed)
    }

    @Test func fileOnDiskIsReadByContent() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let url = scratch.write("invoice.json", try InvoiceJSON.encode(Samples.russianInvoice))
        let report = validator.validate(fileAt: url)
        #expect(report.status == .ok && report.findings == [])
    }
}

/// `make demo` run twice validated its own JUnit report as "a damaged PDF": the report quotes
/// "%PDF-" in its first kilobyte, where readers accept the marker after leading junk.
@Suite struct DocumentKindTests {
    @Test func aJSONOrXMLDocumentQuotingThePDFMarkerIsReadAsWhatItIs() {
        let junit = Data(#"<?xml version="1.0" encoding="UTF-8"?><testsuites><testcase name="p"><failure message="not a PDF (no %PDF- header in its first 1024 bytes)"/></testcase></testsuites>"#.utf8)
        guard case .invoice(.xml) = DocumentKind.detect(data: junit, source: "out/audit-junit.xml") else {
            Issue.record("the JUnit report was not taken as XML")
            return
        }
        let json = Data(#"{"error": "no %PDF- header"}"#.utf8)
        guard case .invoice(.json) = DocumentKind.detect(data: json, source: "report.json") else {
            Issue.record("the JSON document was not taken as JSON")
            return
        }
        // A PDF with bytes before its marker is still a PDF, and so is any file named `.pdf` that has one.
        guard case .pdf = DocumentKind.detect(data: Data("\r\n\r\njunk\n%PDF-1.4\n".utf8), source: "scan") else {
            Issue.record("a PDF with leading junk was not taken as a PDF")
            return
        }
        guard case .pdf = DocumentKind.detect(data: junit, source: "odd.pdf") else {
            Issue.record("a .pdf file with the marker in its first kilobyte was not taken as a PDF")
            return
        }
    }
}

@Suite("Finding codes, findings and reports as public API")
struct ReportTests {
    @Test func codeRawValuesArePinned() {
        #expect(FindingCode.allCases.map(\.rawValue) == [
            "SCHEMA", "NUMBER_FORMAT", "DATE_INVALID", "CURRENCY_UNKNOWN", "TAX_ID_MISSING", "TAX_ID_FORMAT",
            "TAX_ID_CHECKSUM", "HS_CODE_MISSING", "HS_CODE_FORMAT", "HS_CODE_UNKNOWN", "COUNTRY_UNKNOWN",
            "CUSTOMS_DECLARATION_MISSING", "CUSTOMS_DECLARATION_FORMAT", "UNIT_UNKNOWN", "QUANTITY_INVALID",
            "PRICE_INVALID", "VAT_RATE_INVALID", "VAT_AMOUNT_MISMATCH", "TOTAL_MISMATCH", "ROW_MALFORMED",
            "DUPLICATE_POSTING", "POSTING_NUMBER_FORMAT", "STATUS_UNKNOWN", "ATTACHMENT_MISSING", "ATTACHMENT_NOT_PDF", "ATTACHMENT_UNREADABLE",
            "ATTACHMENT_TOO_LARGE", "ATTACHMENT_HASH_MISMATCH", "ATTACHMENT_DUPLICATE", "ATTACHMENT_FIELDS_MISSING",
            "ATTACHMENT_ORDER_MISMATCH", "ATTACHMENT_TOTAL_MISMATCH", "ATTACHMENT_HS_MISMATCH", "ATTACHMENT_READ_BY_OCR",
            "ARCHIVE_TAMPERED", "ARCHIVE_MISSING", "ARCHIVE_CHAIN_BROKEN", "ARCHIVE_TIMESTAMP_INVALID", "GLYPH_MISSING",
            "MAIL_UNREADABLE", "MAIL_TOO_COMPLEX", "MAIL_MALFORMED", "MAIL_ATTACHMENT_BROKEN", "MAIL_DKIM_FAIL",
            "MAIL_EXTRACT_REFUSED", "UPD_SCHEMA", "UPD_RULE",
            "UPD_FILE_NAME", "TRACEABILITY_FORMAT", "MARKING_CODE_FORMAT",
        ])
    }

    @Test(arguments: FindingCode.allCases)
    func everyCodeIsExplained(_ code: FindingCode) {
        let explanation = code.explanation
        #expect(explanation.code == code)
        #expect(explanation.meaning.count > 20 && explanation.rule.count > 10 && explanation.fix.count > 10)
        #expect(explanation.text.contains(code.rawValue))
    }

    @Test func codesAreFoundLeniently() {
        #expect(FindingCode(lenient: "hs-code-format") == .hsCodeFormat)
        #expect(FindingCode(lenient: " vat_rate_invalid ") == .vatRateInvalid)
        #expect(FindingCode(lenient: "NOPE") == nil)
    }

    @Test func findingJSONHasExactlyFourKeysWithNullField() throws {
        let finding = Finding(code: .schema, message: "not JSON")
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(finding)) as? [String: Any])
        #expect(Set(object.keys) == ["code", "severity", "field", "message"])
        #expect(object["field"] is NSNull)
        #expect(object["code"] as? String == "SCHEMA" && object["severity"] as? String == "error")
        let back = try JSONDecoder().decode(Finding.self, from: JSONEncoder().encode(finding))
        #expect(back == finding)
    }

    @Test func reportSummarisesDocumentsAndCarriesTheTool() throws {
        let documents = [
            DocumentReport(file: "a.json", findings: []),
            DocumentReport(file: "b.json", findings: [Finding(code: .hsCodeMissing, field: "lines[0].hsCode", message: "m"),
                                                      Finding(code: .hsCodeMissing, field: "lines[1].hsCode", message: "m")]),
            DocumentReport(file: "c.json", findings: [Finding(code: .taxIdMissing, severity: .warning, message: "w")]),
        ]
        let report = ValidationReport(tool: ReportTool(version: "9.9.9"), documents: documents)
        #expect(report.summary.documents == 3 && report.summary.ok == 2 && report.summary.failed == 1)
        #expect(report.summary.byCode == ["HS_CODE_MISSING": 2, "TAX_ID_MISSING": 1])
        let strict = ValidationReport(tool: ReportTool(version: "9.9.9"), documents: documents.map { $0.judged(strict: true) })
        #expect(strict.summary.failed == 2)

        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(Set(object.keys) == ["tool", "summary", "documents"])
        let tool = try #require(object["tool"] as? [String: String])
        #expect(tool["name"] == "faktura" && tool["version"] == "9.9.9")
        #expect(tool["rules"]?.contains(VATRateTable.standardVersion) == true)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["documents", "ok", "failed", "byCode"])
        let first = try #require((object["documents"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["file", "status", "findings"] && first["status"] as? String == "ok")
    }
}
