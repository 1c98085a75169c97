import Foundation
import FakturaTestSupport
import Hummingbird
import Testing

@Suite struct MetricsRouteTests {
    @Test func countsRequestsByRoutePatternLatencyAndFindingsByCode() async throws {
        let invoice = String(decoding: try ServerHarness.example("examples/invoices/cn-seller-ozon.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"currency\": \"", with: "\"currency\": \"X")
        try await ServerHarness.withServer { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/json"],
                                         body: ByteBuffer(string: invoice)) { #expect($0.status == .unprocessableContent) }
            }
            try await client.execute(uri: "/v1/nowhere/0100000001-0001-1", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(decoding: response.body.readableBytesView, as: UTF8.self)
                #expect(text.contains(#"faktura_http_requests_total{method="POST",route="/v1/validate",status="422"} 2"#))
                #expect(text.contains(#"faktura_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
                #expect(text.contains(#"faktura_http_request_duration_seconds_bucket{route="/v1/validate",le="+Inf"} 2"#))
                #expect(text.contains(#"faktura_findings_total{code="CURRENCY_UNKNOWN",severity="error"} 2"#))
                // The raw path (a posting number) never becomes a label.
                #expect(!text.contains("0100000001"))
            }
        }
    }
}
