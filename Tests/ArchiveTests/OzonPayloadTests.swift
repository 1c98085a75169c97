import Validate
import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing

@Suite("Ozon payload")
struct OzonPayloadTests {
    func json(_ text: JSONText) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.rendered().utf8)) as? [String: Any])
    }

    @Test func aFakturaPDFGivesBothBodies() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let url = folder.path("invoice.pdf")
        let pdf = try fakturaPDF(posting: "0123456789-0001-1")
        try pdf.write(to: url)
        let payload = try OzonInvoicePayload(fileAt: url, fields: .init(url: "https://files.example.com/a.pdf"))

        let upload = try json(payload.uploadBody)
        #expect(upload["posting_number"] as? String == "0123456789-0001-1")
        #expect(Data(base64Encoded: try #require(upload["base64_content"] as? String)) == pdf)

        let create = try json(payload.createOrUpdateBody)
        #expect(create["posting_number"] as? String == "0123456789-0001-1")
        #expect(create["number"] as? String == "CN-2026-000123")
        #expect(create["date"] as? String == "2026-11-20T00:00:00Z")
        #expect(create["price_currency"] as? String == "RUB")
        #expect(create["url"] as? String == "https://files.example.com/a.pdf")
        let codes = try #require(create["hs_codes"] as? [[String: String]])
        #expect(codes == [["code": "8517130000", "sku": "1234567890"], ["code": "8544429000", "sku": "1234567891"]])
        // The price is written exactly, never through a binary float.
        #expect(payload.createOrUpdateBody.rendered(indent: 0).contains("\"price\":26188.34,"))
    }

    @Test func optionsReplaceOrSupplyTheFields() throws {
        let payload = try OzonInvoicePayload(
            file: handMadePDF(text: "scan"), source: "scan.pdf", invoice: nil,
            fields: .init(posting: "0123456789-0002-1", number: "A/17", date: "2026-11-21", price: "0099.5",
                          currency: "cny", hsCodes: [.init(code: "8517.13", sku: "42")]))
        let create = payload.createOrUpdateBody.rendered(indent: 0)
        #expect(create == """
            {"posting_number":"0123456789-0002-1","date":"2026-11-21T00:00:00Z","number":"A/17","price":99.5,\
            "price_currency":"CNY","hs_codes":[{"code":"851713","sku":"42"}],"url":"\(OzonInvoicePayload.placeholderURL)"}
            """)
    }

    @Test func whatOzonWouldRefuseIsRefusedWithEveryReason() throws {
        let big = handMadePDF(text: "big", padding: OzonInvoicePayload.Limits.maximumFileBytes)
        #expect {
            _ = try OzonInvoicePayload(
                file: big, source: "big.pdf", invoice: nil,
                fields: .init(posting: "1-1-1", number: "№ 17 (copy)", date: "2026-11-21", price: "10.005",
                              currency: "KZT", hsCodes: [.init(code: "85", sku: "1")], url: "ftp://x"))
        } throws: { error in
            guard let refusal = error as? OzonPayloadRefusal else { return false }
            let fields = refusal.problems.map(\.field)
            return fields == ["base64_content", "number", "price_currency", "price", "hs_codes", "url"]
                && refusal.description.contains("big.pdf")
                && refusal.problems[1].message.contains("'№'")
        }
    }

    @Test func aTooLongNumberAndAMissingPostingAreRefused() throws {
        #expect {
            _ = try OzonInvoicePayload(file: handMadePDF(text: "x"), source: "x.pdf", invoice: nil,
                                       fields: .init(number: String(repeating: "7", count: 51), date: "2026-11-21",
                                                     price: "1", currency: "RUB", hsCodes: [.init(code: "851713", sku: "1")]))
        } throws: { error in
            let problems = (error as? OzonPayloadRefusal)?.problems ?? []
            return problems.map(\.field) == ["posting_number", "number"] && problems[1].message.contains("51 characters")
        }
    }

    @Test func aFileThatIsNeitherPDFNorJPEGIsRefused() throws {
        #expect(throws: OzonPayloadRefusal.self) {
            _ = try OzonInvoicePayload(file: Data("GIF89a".utf8), source: "x.gif", invoice: nil,
                                       fields: .init(posting: "1", number: "1", date: "2026-11-21", price: "1",
                                                     currency: "RUB", hsCodes: [.init(code: "851713", sku: "1")]))
        }
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])
        let payload = try OzonInvoicePayload(file: jpeg, source: "x.jpg", invoice: nil,
                                             fields: .init(posting: "1", number: "1", date: "2026-11-21", price: "1",
                                                           currency: "RUB", hsCodes: [.init(code: "851713", sku: "1")]))
        #expect(payload.file == jpeg)
    }
}
