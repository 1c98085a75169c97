import Foundation
import Testing
import InvoiceModel
import PDFRender
import Crypto
import FakturaTestSupport
@testable import Findings
@testable import ERPAudit

/// Builds exports and attachments for the audit tests.
enum AuditFixtures {
    static let renderer: InvoiceRenderer? = (try? TemplateCatalog.builtIn(named: "commercial-invoice")).map { InvoiceRenderer(template: $0) }

    /// The sample Chinese invoice for another posting.
    static func invoice(posting: String, number: String? = nil) -> Invoice {
        var invoice = Samples.chineseInvoice
        let order = String(posting.split(separator: "-").dropLast().joined(separator: "-"))
        invoice.order = OrderReference(marketplace: "ozon", orderNumber: order, postingNumber: posting)
        invoice.number = number ?? "INV-\(posting)"
        return invoice
    }

    static func render(_ invoice: Invoice) throws -> Data {
        let renderer = try #require(renderer, "the commercial-invoice template is found from the test bundle")
        return try renderer.render(invoice)
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// One canonical CSV row per line of the invoice, as an ERP would export the order.
    static func rows(for invoice: Invoice, status: String = "awaiting_packaging", file: String?,
                     sha256: String? = nil, total: String? = nil, hsOverride: [String: String] = [:]) -> [String] {
        invoice.lines.map { line in
            canonicalRow([
                .postingNumber: invoice.order?.postingNumber ?? "", .orderNumber: invoice.order?.orderNumber ?? "",
                .status: status, .orderDate: "2026-11-20", .currency: invoice.currency,
                .sku: line.sku ?? "", .offerId: line.offerId ?? "", .productName: line.name,
                .quantity: DecimalText.canonical(line.quantity), .unitPrice: DecimalText.format(line.price, scale: 2),
                .vatRate: line.vatRate.text, .hsCode: hsOverride[line.sku ?? ""] ?? line.hsCode ?? "",
                .originCountry: line.originCountry ?? "", .sellerTaxId: invoice.seller.taxIds.first?.value ?? "",
                .buyerINN: invoice.buyer.taxID("ru-inn") ?? "", .buyerKPP: invoice.buyer.taxID("ru-kpp") ?? "",
                .invoiceNumber: invoice.number, .invoiceDate: invoice.date.description,
                .invoiceTotal: total ?? "", .invoiceFile: file ?? "", .invoiceSHA256: sha256 ?? "",
            ])
        }
    }

    static func audit(_ export: URL, attachments: URL? = nil, skip: Set<String> = [], jobs: Int? = nil) async throws -> AuditReport {
        let options = ExportAudit.Options(attachments: attachments, extraSkippedStatuses: skip, jobs: jobs, today: Samples.today)
        return try await ExportAudit(options: options, tool: ReportTool(version: "test")).run(export: export)
    }

    static func codes(_ report: AuditReport, _ posting: String) -> Set<String> {
        Set(report.postings.first { $0.postingNumber == posting }?.findings.filter { $0.severity == .error }.map(\.code.rawValue) ?? [])
    }

    static func status(_ report: AuditReport, _ posting: String) -> AuditReport.Status? {
        report.postings.first { $0.postingNumber == posting }?.status
    }
}

@Suite("Audit: grouping, status policy and summary")
struct AuditGroupingTests {
    @Test func postingSplitOverNonAdjacentRowsIsOnePosting() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,sku,quantity,unit_price\n"
            + "P-1,delivering,1,1,10\n"
            + "P-2,cancelled,2,1,10\n"
            + "P-1,delivering,3,2,10\n"
        let run = try AuditGrouping(AuditRead.all(CSVExportReader(url: scratch.write("a.csv", csv))))
        let postings = run.postings
        let rest = run.unreadableRows
        #expect(postings.map(\.postingNumber) == ["P-1", "P-2"])
        #expect(postings[0].lines.map(\.sku) == ["1", "3"])
        #expect(postings[0].lines.map(\.line) == [2, 4])
        #expect(postings[0].readingFindings.isEmpty)
        #expect(postings[1].needsInvoice == false)
        #expect(rest.isEmpty)
    }

    @Test func rowsThatDisagreeOnPostingColumnsAreDuplicatePosting() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,order_number,invoice_file,sku\n"
            + "P-1,delivering,O-1,a.pdf,1\n"
            + "P-2,cancelled,O-2,,1\n"
            + "P-1,delivering,O-1,,2\n"          // empty: not a conflict
            + "P-1,delivering,O-1,b.pdf,3\n"     // conflict on invoice_file
            + "P-2,cancelled,O-9,,2\n"           // conflict in a posting that needs no invoice
        let report = try await AuditFixtures.audit(scratch.write("a.csv", csv))
        let p1 = try #require(report.postings.first { $0.postingNumber == "P-1" })
        let duplicate = try #require(p1.findings.first { $0.code == .duplicatePosting })
        #expect(duplicate.field == "line 5")
        #expect(duplicate.message.contains("invoice_file"))
        #expect(AuditFixtures.codes(report, "P-2") == ["DUPLICATE_POSTING"])
        #expect(AuditFixtures.status(report, "P-2") == .failed)
    }

    @Test func statusPolicySkipsUnpaidCancelledAndGivenStatuses() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status\nP-1,awaiting_payment\nP-2,cancelled\nP-3,arbitration\nP-4,awaiting_packaging\nP-5,Awaiting_Payment\n"
        let report = try await AuditFixtures.audit(scratch.write("a.csv", csv), skip: ["arbitration"])
        #expect(report.postings.map(\.status) == [.skipped, .skipped, .skipped, .failed, .skipped])
        #expect(AuditFixtures.codes(report, "P-4") == ["ATTACHMENT_MISSING"])
    }

    @Test func everyRowIsAccountedForInTheSummary() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,sku\n"
            + "P-1,cancelled,1\n"
            + "P-2,awaiting_packaging,1\n"
            + "P-1,cancelled,2\n"
            + "P-2,awaiting_packaging\n"         // malformed, but names P-2
            + ",awaiting_packaging,3\n"           // no posting number
            + "\"broken,1,2\n"                    // quote never closed, no posting
            + "P-3,awaiting_payment,1\n"
        let report = try await AuditFixtures.audit(scratch.write("a.csv", csv))
        let s = report.summary
        #expect(s.records == 7)
        #expect(s.malformedRows == 3)
        #expect(s.postings == 3)
        #expect(s.postings == s.ok + s.failed + s.skipped)
        #expect(s.skipped == 2)
        #expect(report.unreadableRows.map(\.field) == ["line 6", "line 7"])
        let p2 = try #require(report.postings.first { $0.postingNumber == "P-2" })
        #expect(p2.findings.contains { $0.code == .rowMalformed && $0.field == "line 5" })
        #expect(s.byCode["ROW_MALFORMED"] == 3)
        #expect(report.hasFailures)
    }
}

@Suite("Audit: attachments")
struct AuditAttachmentTests {
    /// One posting per case in one export; returns the report.
    private func audit(_ cases: [(posting: String, file: String?, sha: String?, total: String?, hs: [String: String])],
                       in scratch: ScratchFolder) async throws -> AuditReport {
        var csv = canonicalHeader + "\n"
        for c in cases {
            let invoice = AuditFixtures.invoice(posting: c.posting)
            csv += AuditFixtures.rows(for: invoice, file: c.file, sha256: c.sha, total: c.total, hsOverride: c.hs)
                .joined(separator: "\n") + "\n"
        }
        return try await AuditFixtures.audit(scratch.write("orders.csv", csv), attachments: scratch.path("pdf"))
    }

    @Test func aJPEGInvoiceIsNamedAsAFormOzonAcceptsButFakturaCannotCheck() async throws {
        let scratch = ScratchFolder()
        let pdf = scratch.write("pdf/invoice.pdf", try AuditFixtures.render(AuditFixtures.invoice(posting: "1000000021-0001-1")))
        // The invoice as a photo of its page: pdftoppm's JPEG.
        let photo = try CLI.runTool("/usr/bin/pdftoppm", ["-jpeg", "-r", "50", "-singlefile", pdf.path, scratch.path("pdf/photo").path])
        #expect(photo.status == 0, "\(photo.stderr)")
        let report = try await audit([("1000000021-0001-1", "photo.jpg", nil, nil, [:])], in: scratch)
        let finding = try #require(report.postings[0].findings.first { $0.code == .attachmentNotPDF })
        #expect(finding.message.contains("is a JPEG image: Ozon accepts it, but Faktura checks invoices only as PDF"), "\(finding.message)")
        #expect(AuditFixtures.status(report, "1000000021-0001-1") == .failed)
    }

    @Test func cleanFakturaPDFPassesAndEachBreakageHasItsCode() async throws {
        let scratch = ScratchFolder()
        func pdf(_ posting: String) throws -> Data { try AuditFixtures.render(AuditFixtures.invoice(posting: posting)) }
        let good = try pdf("1000000001-0001-1")
        scratch.write("pdf/good.pdf", good)
        scratch.write("pdf/html.pdf", "<html>502 Bad Gateway</html>")
        let cut = try pdf("1000000003-0001-1")
        scratch.write("pdf/cut.pdf", cut.prefix(cut.count / 2))
        scratch.write("pdf/encrypted.pdf", try Data(contentsOf: Samples.fixture("encrypted.pdf")))
        var huge = Data("%PDF-1.7\n".utf8)
        huge.append(Data(count: AttachmentCheck.maxBytes + 1))
        scratch.write("pdf/huge.pdf", huge)
        let hashed = try pdf("1000000006-0001-1")
        scratch.write("pdf/hashed.pdf", hashed)
        scratch.write("pdf/other-posting.pdf", try pdf("1999999999-0001-1"))
        let total = try pdf("1000000008-0001-1")
        scratch.write("pdf/total.pdf", total)
        scratch.write("pdf/hs.pdf", try pdf("1000000009-0001-1"))
        scratch.write("pdf/letter.pdf", try Data(contentsOf: Samples.fixture("other-tool-letter.pdf")))

        let report = try await audit([
            ("1000000001-0001-1", "good.pdf", AuditFixtures.sha256(good), nil, [:]),
            ("1000000002-0001-1", "html.pdf", nil, nil, [:]),
            ("1000000003-0001-1", "cut.pdf", nil, nil, [:]),
            ("1000000004-0001-1", "encrypted.pdf", nil, nil, [:]),
            ("1000000005-0001-1", "huge.pdf", nil, nil, [:]),
            ("1000000006-0001-1", "hashed.pdf", String(repeating: "0", count: 64), nil, [:]),
            ("1000000007-0001-1", "other-posting.pdf", nil, nil, [:]),
            ("1000000008-0001-1", "total.pdf", nil, "26188.35", [:]),
            ("1000000009-0001-1", "hs.pdf", nil, nil, ["1234567890": "8517120000"]),
            ("1000000010-0001-1", "letter.pdf", nil, nil, [:]),
            ("1000000011-0001-1", nil, nil, nil, [:]),
            ("1000000012-0001-1", "gone.pdf", nil, nil, [:]),
        ], in: scratch)

        #expect(AuditFixtures.status(report, "1000000001-0001-1") == .ok)
        #expect(AuditFixtures.codes(report, "1000000001-0001-1").isEmpty)
        #expect(AuditFixtures.codes(report, "1000000002-0001-1") == ["ATTACHMENT_NOT_PDF"])
        #expect(AuditFixtures.codes(report, "1000000003-0001-1") == ["ATTACHMENT_UNREADABLE"])
        #expect(AuditFixtures.codes(report, "1000000004-0001-1") == ["ATTACHMENT_UNREADABLE"])
        #expect(AuditFixtures.codes(report, "1000000005-0001-1") == ["ATTACHMENT_TOO_LARGE"])
        #expect(AuditFixtures.codes(report, "1000000006-0001-1") == ["ATTACHMENT_HASH_MISMATCH"])
        #expect(AuditFixtures.codes(report, "1000000007-0001-1") == ["ATTACHMENT_ORDER_MISMATCH"])
        #expect(AuditFixtures.codes(report, "1000000008-0001-1") == ["ATTACHMENT_TOTAL_MISMATCH"])
        #expect(AuditFixtures.codes(report, "1000000009-0001-1") == ["ATTACHMENT_HS_MISMATCH"])
        #expect(AuditFixtures.codes(report, "1000000010-0001-1").contains("ATTACHMENT_FIELDS_MISSING"))
        #expect(AuditFixtures.codes(report, "1000000011-0001-1") == ["ATTACHMENT_MISSING"])
        #expect(AuditFixtures.codes(report, "1000000012-0001-1") == ["ATTACHMENT_MISSING"])
        #expect(report.summary.ok == 1)
        #expect(report.summary.failed == 11)
    }

    @Test func oneFileServingThreePostingsIsADuplicateForTheTwoItDoesNotName() async throws {
        let scratch = ScratchFolder()
        let pdf = try AuditFixtures.render(AuditFixtures.invoice(posting: "2000000001-0001-1"))
        scratch.write("pdf/a.pdf", pdf)
        scratch.write("pdf/copy.pdf", pdf)
        let report = try await audit([
            ("2000000001-0001-1", "a.pdf", nil, nil, [:]),
            ("2000000002-0001-1", "./a.pdf", nil, nil, [:]),      // same file by path
            ("2000000003-0001-1", "copy.pdf", nil, nil, [:]),     // same content
        ], in: scratch)
        // The file is posting 1's invoice: posting 1 is not at fault, the two that took it are.
        #expect(!AuditFixtures.codes(report, "2000000001-0001-1").contains("ATTACHMENT_DUPLICATE"))
        for posting in ["2000000002-0001-1", "2000000003-0001-1"] {
            #expect(AuditFixtures.codes(report, posting).contains("ATTACHMENT_DUPLICATE"), "\(posting)")
        }
        // A file that names none of the postings sharing it is a duplicate for each of them.
        scratch.write("pdf/stray.pdf", try AuditFixtures.render(AuditFixtures.invoice(posting: "2000000099-0001-1")))
        let stray = try await audit([
            ("2000000004-0001-1", "stray.pdf", nil, nil, [:]),
            ("2000000005-0001-1", "stray.pdf", nil, nil, [:]),
        ], in: scratch)
        for posting in ["2000000004-0001-1", "2000000005-0001-1"] {
            #expect(AuditFixtures.codes(stray, posting).contains("ATTACHMENT_DUPLICATE"), "\(posting)")
        }
    }

    @Test func anHSMismatchOfALineWithoutSKUNamesItsOfferIdNotAnEmptySKU() async throws {
        let scratch = ScratchFolder()
        var invoice = AuditFixtures.invoice(posting: "2000000011-0001-1")
        for index in invoice.lines.indices {
            invoice.lines[index].sku = nil
            invoice.lines[index].offerId = "OFFER-\(index + 1)"
        }
        scratch.write("pdf/a.pdf", try AuditFixtures.render(invoice))
        var csv = canonicalHeader + "\n"
        csv += AuditFixtures.rows(for: invoice, file: "a.pdf", hsOverride: ["": "8471300000"]).joined(separator: "\n") + "\n"
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv), attachments: scratch.path("pdf"))
        let messages = report.postings[0].findings.filter { $0.code == .attachmentHSMismatch }.map(\.message)
        #expect(messages.count == 2, "\(report.postings[0].findings)")
        #expect(messages.first?.hasPrefix("offer id OFFER-1: the PDF gives HS code") == true, "\(messages)")
        #expect(!messages.contains { $0.contains("SKU :") })
    }

    @Test func textOfAnotherToolsPDFIsComparedWithTheOrder() async throws {
        let scratch = ScratchFolder()
        scratch.write("pdf/other.pdf", try Data(contentsOf: Samples.fixture("other-tool-invoice.pdf")))
        // The fixture shows posting 0123456789-0001-1, "Всего к оплате: 26 188,34", HS 8517130000 and 8544429000.
        var matching = AuditFixtures.invoice(posting: "0123456789-0001-1")
        matching.buyer.taxIds = [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")]
        var csv = canonicalHeader + "\n"
        csv += AuditFixtures.rows(for: matching, file: "other.pdf").joined(separator: "\n") + "\n"
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv), attachments: scratch.path("pdf"))
        let findings = report.postings[0].findings.filter { $0.severity == .error }
        #expect(findings.isEmpty, "\(findings)")

        var wrong = canonicalHeader + "\n"
        wrong += AuditFixtures.rows(for: matching, file: "other.pdf", total: "30000.00", hsOverride: ["1234567890": "8471300000"])
            .joined(separator: "\n") + "\n"
        let broken = try await AuditFixtures.audit(scratch.write("wrong.csv", wrong), attachments: scratch.path("pdf"))
        #expect(AuditFixtures.codes(broken, "0123456789-0001-1") == ["ATTACHMENT_TOTAL_MISMATCH", "ATTACHMENT_HS_MISMATCH"])
    }

    @Test func pathsLeavingTheAttachmentsFolderAreRefusedNotOpened() async throws {
        let scratch = ScratchFolder()
        let outside = try AuditFixtures.render(AuditFixtures.invoice(posting: "3000000003-0001-1"))
        scratch.write("outside/secret.pdf", outside)
        scratch.write("pdf/inside.pdf", outside)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("pdf/link-out.pdf").path,
                                                   withDestinationPath: scratch.path("outside/secret.pdf").path)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("pdf/link-in.pdf").path, withDestinationPath: "inside.pdf")
        let csv = "posting_number,status,invoice_file\n"
            + "3000000001-0001-1,delivering,../../etc/passwd\n"
            + "3000000002-0001-1,delivering,/etc/passwd\n"
            + "3000000003-0001-1,delivering,link-out.pdf\n"
            + "3000000004-0001-1,delivering,..\\outside\\secret.pdf\n"
            + "3000000005-0001-1,delivering,sub/../../outside/secret.pdf\n"
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv), attachments: scratch.path("pdf"))
        for posting in report.postings {
            let finding = try #require(posting.findings.first { $0.code == .attachmentMissing }, "\(posting.postingNumber)")
            #expect(finding.message.contains("refused"), "\(posting.postingNumber): \(finding.message)")
            #expect(!posting.findings.contains { $0.code == .attachmentOrderMismatch || $0.code == .attachmentNotPDF })
        }
        let folder = try AttachmentFolder(url: scratch.path("pdf"))
        guard case .inside = folder.resolve("link-in.pdf") else {
            Issue.record("a link that stays inside the folder is followed")
            return
        }
    }

    @Test func attachmentChecksGiveTheSameReportOnOneOrManyJobs() async throws {
        let scratch = ScratchFolder()
        var csv = canonicalHeader + "\n"
        for i in 0..<8 {
            let invoice = AuditFixtures.invoice(posting: "400000000\(i)-0001-1")
            if i % 3 != 0 { scratch.write("pdf/\(i).pdf", try AuditFixtures.render(invoice)) }
            csv += AuditFixtures.rows(for: invoice, file: "\(i).pdf").joined(separator: "\n") + "\n"
        }
        let export = scratch.write("orders.csv", csv)
        let one = try await AuditFixtures.audit(export, attachments: scratch.path("pdf"), jobs: 1)
        let many = try await AuditFixtures.audit(export, attachments: scratch.path("pdf"), jobs: 4)
        #expect(one == many)
        #expect(one.postings.map(\.postingNumber) == (0..<8).map { "400000000\($0)-0001-1" })
    }
}

@Suite("Audit: hostile and mapped exports")
struct AuditHostileInputTests {
    @Test func binaryGarbageAndGiantRowsGiveMalformedRowsNotACrash() async throws {
        let scratch = ScratchFolder()
        var data = Data("posting_number,status\nP-1,cancelled\n".utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: CSVExportReader.maxRowBytes + 10))   // a 1 MiB+ line
        data.append(Data("\n\"".utf8))                                                               // a quote left open to EOF
        data.append(Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))                 // binary noise
        data.append(Data("\nP-2,cancelled\n".utf8))
        // Named UTF-8: noise after a megabyte of ASCII is then bad rows of a UTF-8 file (left to
        // detection, bytes that fit no encoding stop the audit: ERPExportTests).
        var options = ExportAudit.Options(today: Samples.today)
        options.encoding = .utf8
        let report = try await ExportAudit(options: options).run(export: scratch.write("hostile.csv", data))
        #expect(report.summary.malformedRows >= 1)
        #expect(report.postings.first?.postingNumber == "P-1")
        #expect(report.summary.postings == report.summary.ok + report.summary.failed + report.summary.skipped)
        #expect(report.unreadableRows.first?.field == "line 3")
    }

    @Test func chineseHeadersAuditThroughTheShippedMapping() async throws {
        let scratch = ScratchFolder()
        let mappingFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/mappings/zh-erp.yaml")
        let mapping = try ExportMapping(contentsOf: mappingFile)
        // Every header the mapping names must be in the export; the rows fill three of them.
        let headers = mapping.declaredHeaders
        func row(_ values: [String: String]) -> String { headers.map { values[$0] ?? "" }.joined(separator: ",") + "\n" }
        let csv = headers.joined(separator: ",") + "\n"
            + row(["货件号": "6000000001-0001-1", "订单状态": "待付款"])
            + row(["货件号": "6000000002-0001-1", "订单状态": "已取消"])
            + row(["货件号": "6000000003-0001-1", "订单状态": "待包装"])
        let options = ExportAudit.Options(mapping: mapping, today: Samples.today)
        let report = try await ExportAudit(options: options).run(export: scratch.write("订单.csv", csv))
        #expect(report.postings.map(\.status) == [.skipped, .skipped, .failed])
        #expect(AuditFixtures.codes(report, "6000000003-0001-1") == ["ATTACHMENT_MISSING"])
    }

    @Test func unreadableAttachmentsFolderStopsTheAuditWithAnError() async throws {
        let scratch = ScratchFolder()
        let export = scratch.write("orders.csv", "posting_number\nP-1\n")
        await #expect(throws: AuditError.self) {
            _ = try await AuditFixtures.audit(export, attachments: scratch.path("no-such-folder"))
        }
    }
}

@Suite("Audit: order data through the validation rules")
struct AuditOrderRuleTests {
    @Test func orderDataIsCheckedByTheInvoiceRulesWithExportFieldNames() async throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,order_date,currency,sku,quantity,unit_price,vat_rate,hs_code,seller_tax_id,buyer_inn\n"
            + "P-1,awaiting_packaging,2026-11-20,RUB,1,2,100.00,22%,8517130000,91440300MA5G8K2P17,7707083893\n"
            + "P-2,awaiting_packaging,2027-01-05,XYZ,1,two,100.00,20%,7712345678,91440300MA5G8K2P18,7707083894\n"
        let report = try await AuditFixtures.audit(scratch.write("orders.csv", csv))
        #expect(AuditFixtures.codes(report, "P-1") == ["ATTACHMENT_MISSING"])
        let findings = try #require(report.postings.first { $0.postingNumber == "P-2" }).findings
        func field(_ code: FindingCode) -> String? { findings.first { $0.code == code }?.field?.description }
        #expect(field(.quantityInvalid) == "line 3 quantity")
        #expect(field(.dateInvalid) == "order_date")
        #expect(field(.currencyUnknown) == "currency")
        #expect(field(.hsCodeFormat) == "line 3 hs_code")
        #expect(findings.contains { $0.code == .taxIdChecksum && $0.field == "seller_tax_id" })
        #expect(findings.contains { $0.code == .taxIdChecksum && $0.field == "buyer_inn" })
        #expect(field(.vatRateInvalid) == "line 3 vat_rate")    // 20% is not in force in 2027 (22% from 2026)
        // The report's findings come back from the posting log's spool with their components.
        #expect(findings.first { $0.code == .hsCodeFormat }?.field?.components == [.line(3), .key("hs_code")])
        #expect(findings.first { $0.code == .hsCodeFormat }?.field?.lineNumber == 3)
    }
}
