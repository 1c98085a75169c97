import Archive
import FakturaTestSupport
import Foundation
import Testing
import Validate

@Suite("Archive intake")
struct ArchiveIntakeTests {
    let intake = ArchiveIntake(toolVersion: "test")

    @Test func aFakturaPDFNamesItsPostingAndBringsItsDataAndReport() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdfURL = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0001-1").write(to: pdfURL)

        let entry = try intake.submission(pdfAt: pdfURL)
        #expect(entry.posting == "0123456789-0001-1")
        #expect(entry.marketplace == "ozon")
        #expect(entry.orderNumber == "0123456789-0001")
        // 2 × 12345.67 + 3 × 499.00 = 26188.34 RUB, prices with VAT.
        #expect(entry.invoice == InvoiceSummary(number: "CN-2026-000123", date: "2026-11-20", currency: "RUB",
                                                amountWithVatMinor: 2_618_834, minorUnits: 2))
        #expect(entry.documents.map(\.kind) == [.pdf, .invoiceData, .validationReport])
        #expect(entry.documents[0].content == (try Data(contentsOf: pdfURL)))
        #expect(String(decoding: entry.documents[1].content, as: UTF8.self).contains("urn:faktura:invoice:1"))
        let report = try JSONDecoder().decode(ValidationReport.self, from: entry.documents[2].content)
        #expect(report.documents.first?.file == "invoice.pdf")
        #expect(report.tool.version == "test")
    }

    /// The server's upload path: the same entry from the bytes as from the file, and the same
    /// refusal of bytes that are not a PDF, named as given.
    @Test func aPDFInMemoryGivesTheEntryItsFileGives() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdfURL = folder.path("invoice.pdf")
        let pdf = try fakturaPDF(posting: "0123456789-0003-1")
        try pdf.write(to: pdfURL)
        #expect(try intake.submission(pdf: pdf, path: "invoice.pdf") == (try intake.submission(pdfAt: pdfURL)))
        #expect {
            _ = try intake.submission(pdf: Data("<html>".utf8), path: "upload.pdf")
        } throws: { error in
            "\(error)".contains("upload.pdf") && "\(error)".contains("not a PDF")
        }
    }

    @Test func theValidationReportIsTheSameForTheSamePDF() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdfURL = folder.path("same.pdf")
        try fakturaPDF(posting: "0123456789-0002-1").write(to: pdfURL)
        let first = try intake.submission(pdfAt: pdfURL)
        let second = try intake.submission(pdfAt: pdfURL)
        #expect(first == second)
    }

    @Test func anotherPDFNeedsAPostingNumber() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdfURL = folder.path("scan.pdf")
        try handMadePDF(text: "scanned invoice").write(to: pdfURL)
        #expect {
            _ = try intake.submission(pdfAt: pdfURL)
        } throws: { error in
            "\(error)".contains("give --posting") && "\(error)".contains("scan.pdf")
        }
        let entry = try intake.submission(pdfAt: pdfURL, posting: "0123456789-0003-1")
        #expect(entry.posting == "0123456789-0003-1")
        #expect(entry.invoice == nil)
        #expect(entry.documents.map(\.kind) == [.pdf, .validationReport])
    }

    @Test func aPostingThatContradictsThePDFIsRefused() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdfURL = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0004-1").write(to: pdfURL)
        #expect {
            _ = try intake.submission(pdfAt: pdfURL, posting: "9999999999-0001-1")
        } throws: { error in
            "\(error)".contains("differs") && "\(error)".contains("0123456789-0004-1")
        }
    }

    @Test func dataAndReceiptFilesAreStoredAsGiven() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let pdfURL = folder.path("scan.pdf"), dataURL = folder.path("invoice.json"), receiptURL = folder.path("ozon.json")
        try handMadePDF(text: "scan").write(to: pdfURL)
        let json = """
            {"number":"A-1","date":"2026-11-20","currency":"CNY","pricesIncludeVat":false,
             "order":{"postingNumber":"0123456789-0005-1"},
             "seller":{"name":"S"},"buyer":{"name":"B"},
             "lines":[{"name":"x","quantity":"1","price":"10.005","vatRate":"none"}]}
            """
        try Data(json.utf8).write(to: dataURL)
        try Data("{\"result\": true}".utf8).write(to: receiptURL)
        let entry = try intake.submission(pdfAt: pdfURL, data: dataURL, receipt: receiptURL)
        #expect(entry.posting == "0123456789-0005-1")
        #expect(entry.invoice?.amountWithVatMinor == 1001)
        #expect(entry.documents.map(\.kind) == [.pdf, .invoiceData, .validationReport, .receipt])
        #expect(entry.documents[1].content == Data(json.utf8))
        #expect(entry.documents[3].mediaType == "application/json")
    }

    @Test func filesThatAreNotPDFsAreRefused() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let url = folder.path("invoice.pdf")
        try Data("<html>not a pdf</html>".utf8).write(to: url)
        #expect {
            _ = try intake.submission(pdfAt: url, posting: "1")
        } throws: { error in
            "\(error)".contains("not a PDF")
        }
        #expect {
            _ = try intake.submission(pdfAt: folder.path("absent.pdf"), posting: "1")
        } throws: { error in
            "\(error)".contains("absent.pdf")
        }
    }
}
