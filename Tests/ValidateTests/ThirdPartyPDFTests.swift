import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Validate

/// The corpus in Fixtures/third-party: invoices drawn by reportlab, fpdf2, LibreOffice and a
/// scanner (generate_corpus.py), and the ERP export that goes with them.
@Suite("Third-party PDFs: read by their columns, compared without false alarms")
struct ThirdPartyPDFTests {
    static let folder = "third-party"

    func reading(_ name: String) throws -> PDFInvoiceReading {
        let url = try Samples.fixture("\(Self.folder)/\(name)")
        return try PDFInvoiceReading.read(data: try Data(contentsOf: url), source: name)
    }

    @Test func reportlabTableOverPagesIsReadRowByRowFromItsColumns() throws {
        let reading = try reading("reportlab-ru.pdf")
        #expect(reading.tableRows.count == 48)
        #expect(Set(reading.tableRows.map(\.page)) == [0, 1])
        let first = try #require(reading.tableRows.first)
        #expect(first.hsCode == "8517130002")
        #expect(first.sku == "ART-1-00")
        #expect(first.vatRate == VATRate(text: "10%"))
        // The second row has the first one's name but its own rate and code.
        let second = reading.tableRows[1]
        #expect(second.name == first.name && second.vatRate == VATRate(text: "22%") && second.hsCode == "8471300004")
        // The total line is the sum of the amount column over both pages.
        #expect(reading.total == reading.tableRows.compactMap(\.amount).reduce(0, +))
    }

    @Test func hsCodesThatPassAnotherSchemesCheckDigitAreNotTaxIds() throws {
        // 8517130002 is a valid Turkish VKN, 6109100004 a valid Russian INN: in the HS column
        // they are HS codes, and only the labelled numbers are tax ids.
        #expect(TR.VKN.isValid("8517130002") && RU.INN.isValid("6109100004"))
        for name in ["reportlab-ru.pdf", "fpdf2-en.pdf", "libreoffice-zh.pdf"] {
            let reading = try reading(name)
            let ids = Set(reading.taxIds.map(\.value))
            #expect(!ids.contains("8517130002") && !ids.contains("6109100004"), "\(name): \(ids)")
            #expect(ids.contains("7704217370"), "\(name): \(ids)")
            #expect(reading.hsCodes.contains("8517130002"), "\(name)")
        }
    }

    @Test func chineseSpreadsheetTotalLabelledHanShuiZongJiIsFound() throws {
        let reading = try reading("libreoffice-zh.pdf")
        #expect(reading.missingFields.isEmpty)
        #expect(reading.tableRows.count == 5)
        #expect(reading.tableRows.allSatisfy { $0.hsCode != nil && $0.vatRate != nil && $0.quantity != nil })
    }

    @Test func scannedInvoiceIsReadByOCRWithConfidences() throws {
        let reading = try reading("scan-en.pdf")
        #expect(reading.fromOCR)
        let confidence = try #require(reading.lowestConfidence)
        #expect(confidence > 0 && confidence <= 100)
        #expect(reading.tableRows.count == 4)
        #expect(reading.hsCodes.contains("8517130002"))
        #expect(reading.postingNumbers.contains("0212345681-0001-1"))
    }

    @Test func scanUnderAnInvisibleTextLayerThatDoesNotParseIsReadByOCR() throws {
        // The hidden layer says "N0. 5KU Descrlptlon H5 C0de": no table, no total; the page is one image.
        let reading = try reading("scan-garbled-ocr-layer.pdf")
        #expect(reading.fromOCR)
        #expect(reading.tableRows.count == 4)
        #expect(reading.postingNumbers == ["0212345681-0001-1"])
    }

    @Test func cleanInvoicesRaiseNoErrorAndEachPlantedDefectItsCode() async throws {
        let export = try Samples.fixture("\(Self.folder)/orders.csv")
        let report = try await AuditFixtures.audit(export, attachments: export.deletingLastPathComponent())
        let expected: [String: String] = [
            "0212345690-0001-1": "ATTACHMENT_TOTAL_MISMATCH",  // total
            "0212345691-0001-1": "ATTACHMENT_TOTAL_MISMATCH",  // one line's VAT rate
            "0212345692-0001-1": "ATTACHMENT_HS_MISMATCH",
            "0212345693-0001-1": "ATTACHMENT_ORDER_MISMATCH",  // posting number
            "0212345694-0001-1": "ATTACHMENT_ORDER_MISMATCH",  // seller tax id
        ]
        for posting in ["0212345678-0001-1", "0212345679-0001-1", "0212345680-0001-1", "0212345681-0001-1"] {
            let result = try #require(report.postings.first { $0.postingNumber == posting })
            #expect(result.findings.filter { $0.severity == .error }.isEmpty, "\(posting): \(result.findings)")
        }
        for (posting, code) in expected {
            let result = try #require(report.postings.first { $0.postingNumber == posting })
            let errors = result.findings.filter { $0.severity == .error }
            // One code; a changed rate also changes the VAT total read under the table.
            #expect(!errors.isEmpty && Set(errors.map(\.code.rawValue)) == [code], "\(posting): \(errors)")
        }
        // The VAT defect names the line whose rate differs, not a name-alike.
        let vat = report.postings.first { $0.postingNumber == "0212345691-0001-1" }?.findings.filter { $0.severity == .error }
        #expect(vat?.contains { $0.field?.description == "line 72 vat_rate" } == true)
        let scan = report.postings.first { $0.postingNumber == "0212345681-0001-1" }
        #expect(scan?.findings.contains { $0.code == .attachmentReadByOCR && $0.severity == .info } == true)
    }

    /// What generate_wrapped_headers.py drew into each PDF.
    struct WrappedHeaderInvoice: Decodable {
        struct Row: Decodable {
            var hs_code: String
            var quantity: String
            var price: String
            var vat_rate: String
            var sku: String
        }
        var total: String
        var rows: [Row]
    }

    @Test(arguments: ["wrapped-header-ru.pdf", "wrapped-header-en.pdf"])
    func headerWhoseLabelsWrapOntoASecondLineIsRecognised(name: String) throws {
        // "Кол-" over "во", "Код" over "ТН ВЭД", "Unit" over "price", "HS" over "code": read alone,
        // the first line names "Unit" as the unit column and has no quantity or HS column at all.
        let expected = try JSONDecoder().decode([String: WrappedHeaderInvoice].self,
                                                from: Data(contentsOf: try Samples.fixture("\(Self.folder)/wrapped-headers.json")))
        let invoice = try #require(expected[name])
        let reading = try reading(name)
        #expect(reading.tableRows.count == invoice.rows.count)
        for (row, shown) in zip(invoice.rows, reading.tableRows) {
            #expect(shown.hsCode == row.hs_code, "\(name) row \(shown.index)")
            #expect(shown.quantity == Decimal(string: row.quantity), "\(name) row \(shown.index)")
            #expect(shown.price == Decimal(string: row.price), "\(name) row \(shown.index)")
            #expect(shown.vatRate == VATRate(text: row.vat_rate), "\(name) row \(shown.index)")
            #expect(shown.sku == row.sku, "\(name) row \(shown.index)")
        }
        #expect(reading.total == Decimal(string: invoice.total))
    }
}
