import Foundation
import FakturaTestSupport
import Hummingbird
import Testing

/// `/v1/postings/check` gives the entry `faktura audit` writes for the same posting and PDF.
@Suite struct PostingCheckRouteTests {
    static let postingNumber = "0100000001-0001-1"

    /// Posting 0100000001-0001-1 of examples/erp-export/orders.csv as canonical JSON rows.
    static func posting(total: String = "26188.34", file: String = "pdf/0100000001-0001-1.pdf") -> Data {
        let row: [String: String] = [
            "posting_number": "0100000001-0001-1", "order_number": "0100000001-0001", "status": "awaiting_packaging",
            "order_date": "2026-11-20", "currency": "RUB", "sku": "1234567890", "offer_id": "RM13-BLK-128",
            "product_name": "Смартфон Redmi 13 128 ГБ, чёрный", "quantity": "2", "unit_price": "12345.67", "vat_rate": "22%",
            "hs_code": "8517130000", "origin_country": "CN", "seller_tax_id": "91440300MA5G8K2P17", "buyer_inn": "7707083893",
            "buyer_kpp": "773601001", "invoice_number": "CN-2026-000001", "invoice_date": "2026-11-20",
            "invoice_total": total, "invoice_file": file,
        ]
        return try! JSONSerialization.data(withJSONObject: [row], options: [.sortedKeys])
    }

    /// The same posting as Ozon's `/v4/posting/fbs/list` answers it (product `price` an object),
    /// with the ERP's `invoice` object naming the PDF (docs/erp-exports.md, "Ozon JSON").
    static func ozonPosting(total: String = "26188.34") -> Data {
        Data("""
            {"result": {"postings": [{
              "posting_number": "0100000001-0001-1", "order_id": 100000001, "order_number": "0100000001-0001",
              "status": "awaiting_packaging", "in_process_at": "2026-11-20T09:15:00Z",
              "products": [{"sku": 1234567890, "offer_id": "RM13-BLK-128", "name": "Смартфон Redmi 13 128 ГБ, чёрный",
                            "quantity": 2, "price": {"amount": "12345.67", "currency": "RUB"}}],
              "invoice": {"number": "CN-2026-000001", "date": "2026-11-20", "price": "\(total)", "price_currency": "RUB",
                          "hs_codes": [{"sku": "1234567890", "code": "8517130000"}],
                          "file": "pdf/0100000001-0001-1.pdf"}
            }], "has_next": false}}
            """.utf8)
    }

    /// The entry of `faktura audit` for the posting and PDF laid out as an export beside its folder.
    static func auditEntry(posting: Data, pdf: Data?, file: String = "pdf/0100000001-0001-1.pdf") throws -> NSDictionary {
        let scratch = ScratchFolder("audit-check")
        defer { scratch.remove() }
        let export = scratch.write("posting.json", posting)
        if let pdf {
            try FileManager.default.createDirectory(at: scratch.path(file).deletingLastPathComponent(), withIntermediateDirectories: true)
            try pdf.write(to: scratch.path(file))
        }
        let result = try CLI.run(["audit", export.path, "--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        return NSDictionary(dictionary: (report["postings"] as! [[String: Any]])[0])
    }

    func check(posting: Data, pdf: Data?) async throws -> (status: HTTPResponse.Status, entry: NSDictionary) {
        var parts: [(name: String, type: String, data: Data)] = [("posting", "application/json", posting)]
        if let pdf { parts.append(("invoice", "application/pdf", pdf)) }
        let form = ServerHarness.multipart(parts)
        return try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/postings/check", method: .post, headers: form.headers, body: form.body) { response in
                (response.status, NSDictionary(dictionary: ServerHarness.object(response.body)))
            }
        }
    }

    /// The JSON shapes a posting part may have.
    enum PostingShape: String, CaseIterable, Sendable {
        case canonicalRows
        case ozonPostingList

        func posting(total: String = "26188.34") -> Data {
            switch self {
            case .canonicalRows: PostingCheckRouteTests.posting(total: total)
            case .ozonPostingList: PostingCheckRouteTests.ozonPosting(total: total)
            }
        }
    }

    @Test(arguments: PostingShape.allCases)
    func passingPostingAgreesWithFakturaAudit(_ shape: PostingShape) async throws {
        let pdf = try ServerHarness.example("examples/erp-export/pdf/0100000001-0001-1.pdf")
        let served = try await check(posting: shape.posting(), pdf: pdf)
        #expect(served.status == .ok)
        #expect(served.entry["postingNumber"] as? String == Self.postingNumber)
        #expect(served.entry["status"] as? String == "ok", "\(served.entry)")
        #expect(served.entry == (try Self.auditEntry(posting: shape.posting(), pdf: pdf)))
    }

    @Test(arguments: PostingShape.allCases)
    func postingWhoseInvoiceTotalDisagreesWithThePDFGives422AsTheAuditDoes(_ shape: PostingShape) async throws {
        let pdf = try ServerHarness.example("examples/erp-export/pdf/0100000001-0001-1.pdf")
        let posting = shape.posting(total: "99999.00")
        let served = try await check(posting: posting, pdf: pdf)
        #expect(served.status == .unprocessableContent)
        #expect(served.entry["status"] as? String == "failed")
        #expect(served.entry == (try Self.auditEntry(posting: posting, pdf: pdf)))
    }

    @Test func postingWithoutItsPDFGives422AsTheAuditDoes() async throws {
        let served = try await check(posting: Self.posting(), pdf: nil)
        #expect(served.status == .unprocessableContent)
        let codes = (served.entry["findings"] as! [[String: Any]]).compactMap { $0["code"] as? String }
        #expect(codes.contains("ATTACHMENT_MISSING"))
        #expect(served.entry == (try Self.auditEntry(posting: Self.posting(), pdf: nil)))
    }

    /// A posting that names no invoice file takes the one `invoice` part as its invoice, as the
    /// audit reads `<posting number>.pdf` beside an export without an invoice column.
    @Test func theInvoicePartIsTheInvoiceOfAPostingThatNamesNoFile() async throws {
        let pdf = try ServerHarness.example("examples/erp-export/pdf/0100000001-0001-1.pdf")
        let posting = Self.posting(file: "")
        let served = try await check(posting: posting, pdf: pdf)
        #expect(served.status == .ok, "\(served.entry)")
        #expect(served.entry["status"] as? String == "ok")
        #expect(served.entry == (try Self.auditEntry(posting: Self.posting(), pdf: pdf)))
        let withoutPart = try await check(posting: posting, pdf: nil)
        #expect(withoutPart.status == .unprocessableContent)
    }

    @Test func formErrorsAre400Or415() async throws {
        try await ServerHarness.withServer { client in
            let noPosting = ServerHarness.multipart([("invoice", "application/pdf", Data("%PDF-1.4".utf8))])
            try await client.execute(uri: "/v1/postings/check", method: .post, headers: noPosting.headers, body: noPosting.body) { response in
                #expect(response.status == .badRequest)
            }
            let unknownPart = ServerHarness.multipart([("posting", "application/json", Self.posting()), ("extra", "text/plain", Data("x".utf8))])
            try await client.execute(uri: "/v1/postings/check", method: .post, headers: unknownPart.headers, body: unknownPart.body) { response in
                #expect(response.status == .badRequest)
                #expect(ServerHarness.errorCode(response.body) == "bad_request")
            }
            var truncated = ServerHarness.multipart([("posting", "application/json", Self.posting())])
            truncated.body = truncated.body.getSlice(at: 0, length: truncated.body.readableBytes - 30)!
            try await client.execute(uri: "/v1/postings/check", method: .post, headers: truncated.headers, body: truncated.body) { response in
                #expect(response.status == .badRequest)
            }
            let twoPostings = ServerHarness.multipart([("posting", "application/json", Data("""
                [{"posting_number": "1-1-1", "status": "delivering"}, {"posting_number": "2-2-2", "status": "delivering"}]
                """.utf8))])
            try await client.execute(uri: "/v1/postings/check", method: .post, headers: twoPostings.headers, body: twoPostings.body) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/postings/check", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(bytes: Self.posting())) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }
}
