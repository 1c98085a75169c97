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
