import Foundation
import FakturaTestSupport
import Hummingbird
import HTTPTypes
import Testing

@Suite struct RenderRouteTests {
    @Test func invoiceJSONGivesAPDF() async throws {
        let invoice = try ServerHarness.example("examples/invoices/ru-seller-schet-faktura.json")
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/render?template=ru-schet-faktura", method: .post,
                                     headers: [.contentType: "application/json"], body: ByteBuffer(bytes: invoice)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/pdf")
                #expect(Data(response.body.readableBytesView).prefix(5) == Data("%PDF-".utf8))
            }
        }
    }

    @Test func unreadableInvoiceGives422WithTheValidationReport() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/render", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: "{\"number\": ")) { response in
                #expect(response.status == .unprocessableContent)
                let report = ServerHarness.object(response.body)
                let findings = (report["documents"] as! [[String: Any]])[0]["findings"] as! [[String: Any]]
                #expect(findings.first?["code"] as? String == "SCHEMA")
            }
        }
    }

    @Test func unknownTemplateIs400AndATemplatePathIsNeverOpened() async throws {
        let invoice = try ServerHarness.example("examples/invoices/ru-seller-schet-faktura.json")
        try await ServerHarness.withServer { client in
            for template in ["nope", "/etc/passwd", "templates/commercial-invoice.xml"] {
                let query = template.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                try await client.execute(uri: "/v1/render?template=\(query)", method: .post,
                                         headers: [.contentType: "application/json"], body: ByteBuffer(bytes: invoice)) { response in
                    #expect(response.status == .badRequest)
                    #expect(ServerHarness.errorCode(response.body) == "bad_request")
                }
            }
        }
    }

    @Test func pdfBodyIs415() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/render", method: .post, headers: [.contentType: "application/pdf"],
                                     body: ByteBuffer(string: "%PDF-1.4")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(ServerHarness.errorCode(response.body) == "unsupported_media_type")
            }
        }
    }

    @Test func theVerdictTravelsInHeadersAndStrictRefusesAFailingInvoice() async throws {
        let bad = try ServerHarness.example("examples/bad.json")
        let good = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/render", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(bytes: bad)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Faktura-Validation")!] == "failed")
                let findings = response.headers[HTTPField.Name("Faktura-Findings")!] ?? ""
                #expect(findings.contains("error NUMBER_FORMAT number"), "\(findings)")
                #expect(Data(response.body.readableBytesView).prefix(5) == Data("%PDF-".utf8))
            }
            try await client.execute(uri: "/v1/render?strict=true", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(bytes: bad)) { response in
                #expect(response.status == .unprocessableContent)
                let report = ServerHarness.object(response.body)
                let document = (report["documents"] as! [[String: Any]])[0]
                #expect(document["status"] as? String == "failed")
                let codes = (document["findings"] as! [[String: Any]]).compactMap { $0["code"] as? String }
                #expect(codes.contains("NUMBER_FORMAT"), "\(codes)")
            }
            try await client.execute(uri: "/v1/render?strict=true", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(bytes: good)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Faktura-Validation")!] == "ok")
                #expect(response.headers[HTTPField.Name("Faktura-Findings")!] == "")
            }
            try await client.execute(uri: "/v1/render?strict=maybe", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(bytes: good)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
