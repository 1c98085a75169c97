import Foundation
import FakturaTestSupport
import Hummingbird
import Testing

/// `POST /v1/render?format=upd`: the tax service's UPD over HTTP, as `faktura render --format upd` writes it.
@Suite struct UPDRenderRouteTests {
    @Test func anInvoiceBecomesAUPDNamedByItsId() async throws {
        let invoice = try ServerHarness.example("examples/invoices/ru-seller-schet-faktura.json")
        let signer = "Иванов Иван Иванович".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/render?format=upd&signer=\(signer)", method: .post,
                                     headers: [.contentType: "application/json"], body: ByteBuffer(bytes: invoice)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/xml; charset=windows-1251")
                let disposition = response.headers[.contentDisposition] ?? ""
                #expect(disposition.hasPrefix("attachment; filename=\"ON_NSCHFDOPPR_7707083893_7728168971_"), "\(disposition)")
                let body = Data(response.body.readableBytesView)
                #expect(body.starts(with: Data("<?xml version=\"1.0\" encoding=\"windows-1251\"?>".utf8)))
            }
        }
    }

    @Test func aUPDWithoutASignerOrOfAnUnknownFormatIs400() async throws {
        let invoice = try ServerHarness.example("examples/invoices/ru-seller-schet-faktura.json")
        try await ServerHarness.withServer { client in
            let other = "ДОП".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for (query, says) in [("format=upd", "signer"), ("format=docx", "unknown format"), ("format=upd&function=\(other)", "СЧФДОП")] {
                try await client.execute(uri: "/v1/render?\(query)", method: .post,
                                         headers: [.contentType: "application/json"], body: ByteBuffer(bytes: invoice)) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(String(buffer: response.body).contains(says), "\(query): \(String(buffer: response.body))")
                }
            }
        }
    }
}
