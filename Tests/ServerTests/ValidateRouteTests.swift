import Foundation
import FakturaTestSupport
import Hummingbird
import Testing

@Suite struct ValidateRouteTests {
    @Test func cleanInvoiceJSONGives200WithTheReportTheCLIWrites() async throws {
        let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        let served = try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(bytes: invoice)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                return ServerHarness.object(response.body)
            }
        }
        let cli = try CLI.run(["validate", "--format", "json", CLI.repositoryRoot.appendingPathComponent("examples/invoices/cn-seller-ozon.json").path])
        let expected = try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as! [String: Any]
        // The same findings and summary; only the document's name differs (a path vs the request).
        #expect(NSDictionary(dictionary: served["summary"] as! [String: Any]) == NSDictionary(dictionary: expected["summary"] as! [String: Any]))
        let servedDocument = (served["documents"] as! [[String: Any]])[0]
        let cliDocument = (expected["documents"] as! [[String: Any]])[0]
        #expect(servedDocument["status"] as? String == cliDocument["status"] as? String)
        #expect(NSArray(array: servedDocument["findings"] as! [Any]) == NSArray(array: cliDocument["findings"] as! [Any]))
        #expect(try JSONSchemaCheck.problems(in: [Data(JSONSerialization.data(withJSONObject: served))], against: "validation-report.schema.json").isEmpty)
    }

    @Test func invoiceWithAnErrorGives422WithItsFindings() async throws {
        var text = String(decoding: try ServerHarness.example("examples/invoices/cn-seller-ozon.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"currency\": \"", with: "\"currency\": \"X")
        let body = ByteBuffer(string: text)
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/json"], body: body) { response in
                #expect(response.status == .unprocessableContent)
                let report = ServerHarness.object(response.body)
                let findings = (report["documents"] as! [[String: Any]])[0]["findings"] as! [[String: Any]]
                #expect(findings.contains { $0["code"] as? String == "CURRENCY_UNKNOWN" })
            }
        }
    }

    @Test func renderedPDFIsReadBackThroughThePDFReader() async throws {
        let invoice = try ServerHarness.example("examples/invoices/cn-seller-ozon.json")
        try await ServerHarness.withServer { client in
            let pdf = try await client.execute(uri: "/v1/render", method: .post, headers: [.contentType: "application/json"],
                                               body: ByteBuffer(bytes: invoice)) { response in
                #expect(response.status == .ok)
                return response.body
            }
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/pdf"], body: pdf) { response in
                #expect(response.status == .ok)
                let report = ServerHarness.object(response.body)
                let document = (report["documents"] as! [[String: Any]])[0]
                #expect(document["status"] as? String == "ok")
            }
        }
    }

    @Test func unknownProfileIs400() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate?profile=nope", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .badRequest)
                #expect(ServerHarness.errorCode(response.body) == "bad_request")
            }
        }
    }
}

/// `?lang=` and `Accept-Language` choose the language of the findings' `localized` texts
/// (docs/languages.md); `Content-Language` names it.
@Suite struct ValidateLanguageTests {
    static func badInvoice() throws -> ByteBuffer {
        ByteBuffer(bytes: try ServerHarness.example("examples/bad.json"))
    }

    @Test func acceptLanguageRussianLocalizesTheFindings() async throws {
        let body = try Self.badInvoice()
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate", method: .post,
                                     headers: [.contentType: "application/json", .acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.5"],
                                     body: body) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentLanguage] == "ru")
                let report = ServerHarness.object(response.body)
                let findings = (report["documents"] as! [[String: Any]])[0]["findings"] as! [[String: Any]]
                let vat = try #require(findings.first { $0["code"] as? String == "VAT_AMOUNT_MISMATCH" })
                #expect(vat["message"] as? String == "the line states VAT 40.00, computed 33.33 (20% of 200.00)")
                let localized = try #require(vat["localized"] as? [String: Any])
                #expect(localized["language"] as? String == "ru")
                #expect(localized["message"] as? String == "в строке указан НДС 40.00, расчётный — 33.33 (20% от 200.00)")
                #expect((localized["hint"] as? String)?.contains("pricesIncludeVat") == true)
            }
        }
        let served = try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate?lang=ru", method: .post, headers: [.contentType: "application/json"],
                                     body: body) { Data($0.body.readableBytesView) }
        }
        #expect(try JSONSchemaCheck.problems(in: [served], against: "validation-report.schema.json").isEmpty)
    }

    @Test func langQueryWinsAndAnUnknownOneIs400() async throws {
        let body = try Self.badInvoice()
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate?lang=zh", method: .post,
                                     headers: [.contentType: "application/json", .acceptLanguage: "ru"], body: body) { response in
                #expect(response.headers[.contentLanguage] == "zh-Hans")
                let report = ServerHarness.object(response.body)
                let findings = (report["documents"] as! [[String: Any]])[0]["findings"] as! [[String: Any]]
                #expect(findings.allSatisfy { ($0["localized"] as? [String: Any])?["language"] as? String == "zh-Hans" })
            }
            try await client.execute(uri: "/v1/validate?lang=de", method: .post, headers: [.contentType: "application/json"],
                                     body: body) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/json"],
                                     body: body) { response in
                #expect(response.headers[.contentLanguage] == nil)
                #expect(!String(buffer: response.body).contains("\"localized\""))
            }
        }
    }
}
