import Foundation
import FakturaTestSupport
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import ZIPFoundation

/// `POST /v1/audits`: the example export with its PDFs, as loose files or a ZIP, audited as
/// `faktura audit` audits it; the job and its report are the uploading tenant's only; hostile
/// names and oversized uploads are refused with their cause.
@Suite struct AuditRouteTests {
    static let alpha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let beta = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
    static let exportFolder = CLI.repositoryRoot.appendingPathComponent("examples/erp-export")

    /// A form whose parts carry file names (the harness's own builder names a part's file after the part).
    static func form(_ parts: [(name: String, file: String, data: Data)], token: String) -> (headers: HTTPFields, body: ByteBuffer) {
        let boundary = "faktura-audit-test"
        var body = Data()
        for part in parts {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"; filename=\"\(part.file)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(part.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ([.contentType: "multipart/form-data; boundary=\(boundary)", .authorization: "Bearer \(token)"], ByteBuffer(bytes: body))
    }

    static func examplePDFs() throws -> [(name: String, data: Data)] {
        let folder = exportFolder.appendingPathComponent("pdf")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            ($0, try Data(contentsOf: folder.appendingPathComponent($0)))
        }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    /// Polls the job until it ends (within 120 s); returns its last state.
    static func finished(_ client: any TestClientProtocol, id: String, token: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let job = try await client.execute(uri: "/v1/audits/\(id)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                return ServerHarness.object(response.body)
            }
            if job["state"] as? String == "done" || job["state"] as? String == "failed" { return job }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw HarnessError("audit \(id) did not end within 120 s")
    }

    static func start(_ client: any TestClientProtocol, _ form: (headers: HTTPFields, body: ByteBuffer), query: String = "") async throws -> String {
        try await client.execute(uri: "/v1/audits\(query)", method: .post, headers: form.headers, body: form.body) { response in
            #expect(response.status == .accepted, "\(String(decoding: response.body.readableBytesView, as: UTF8.self))")
            let id = try #require(ServerHarness.object(response.body)["id"] as? String)
            #expect(response.headers[.location] == "/v1/audits/\(id)")
            return id
        }
    }

    static let expected: [String: (status: String, code: String?)] = [
        "0100000001-0001-1": ("ok", nil), "0100000002-0001-1": ("ok", nil),
        "0100000003-0001-1": ("failed", "ATTACHMENT_MISSING"), "0100000004-0001-1": ("failed", "ATTACHMENT_NOT_PDF"),
        "0100000005-0001-1": ("failed", "ATTACHMENT_UNREADABLE"), "0100000006-0001-1": ("failed", "ATTACHMENT_TOTAL_MISMATCH"),
        "0100000007-0001-1": ("failed", "ATTACHMENT_HS_MISMATCH"), "0100000008-0001-1": ("skipped", nil),
        "0100000009-0001-1": ("skipped", nil), "0100000010-0001-1": ("failed", "ATTACHMENT_MISSING"),
    ]

    static func checkReport(_ report: [String: Any]) {
        let postings = (report["postings"] as? [[String: Any]]) ?? []
        #expect(postings.count == expected.count)
        for posting in postings {
            let number = posting["postingNumber"] as? String ?? ""
            guard let want = expected[number] else {
                Issue.record("unexpected posting \(number)")
                continue
            }
            #expect(posting["status"] as? String == want.status, "\(number)")
            if let code = want.code {
                let codes = ((posting["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
                #expect(codes.contains(code), "\(number): \(codes)")
            }
        }
    }

    @Test func looseFilesAreFoundByNameAndTheReportIsTheTenantsOnly() async throws {
        let tokens = try TokenTable(text: Data("\(Self.alpha) alpha\n\(Self.beta) beta\n".utf8), file: "tokens")
        let export = try Data(contentsOf: Self.exportFolder.appendingPathComponent("orders.csv"))
        // The PDFs as a multi-file drop sends them: names without their folder.
        let parts: [(name: String, file: String, data: Data)] = [(name: "export", file: "orders.csv", data: export)]
            + (try Self.examplePDFs()).map { (name: "attachment", file: $0.name, data: $0.data) }
        try await ServerHarness.withServer(ServerHarness.configuration(tokens: tokens)) { client in
            let id = try await Self.start(client, Self.form(parts, token: Self.alpha))
            let job = try await Self.finished(client, id: id, token: Self.alpha)
            #expect(job["state"] as? String == "done", "\(job)")
            #expect(job["export"] as? String == "orders.csv")
            #expect(job["attachments"] as? Int == 6)
            #expect(job["placedByFileName"] as? Int == 6)
            let summary = try #require(job["summary"] as? [String: Any])
            #expect(summary["failed"] as? Int == 6)
            #expect(summary["ok"] as? Int == 2)
            #expect(summary["skipped"] as? Int == 2)

            let report = try await client.execute(uri: "/v1/audits/\(id)/report", method: .get, headers: Self.bearer(Self.alpha)) { response in
                #expect(response.status == .ok)
                return ServerHarness.object(response.body)
            }
            Self.checkReport(report)
            let json = try JSONSerialization.data(withJSONObject: report)
            #expect(try JSONSchemaCheck.problems(in: [json], against: "audit-report.schema.json").isEmpty)

            let csv = try await client.execute(uri: "/v1/audits/\(id)/report?format=csv", method: .get, headers: Self.bearer(Self.alpha)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"audit-orders.csv\"")
                return String(decoding: response.body.readableBytesView, as: UTF8.self)
            }
            let lines = csv.split(separator: "\r\n")
            #expect(lines.first == "posting_number,export_status,line,code,severity,field,message")
            #expect(lines.contains { $0.hasPrefix("0100000006-0001-1,awaiting_packaging,") && $0.contains("ATTACHMENT_TOTAL_MISMATCH") })
            #expect(!lines.contains { $0.hasPrefix("0100000001-0001-1") || $0.hasPrefix("0100000008-0001-1") })
            for (format, marker) in [("html", "<html"), ("junit", "<testsuite")] {
                try await client.execute(uri: "/v1/audits/\(id)/report?format=\(format)", method: .get, headers: Self.bearer(Self.alpha)) { response in
                    #expect(response.status == .ok)
                    #expect(String(decoding: response.body.readableBytesView, as: UTF8.self).contains(marker), "\(format)")
                }
            }
            try await client.execute(uri: "/v1/audits/\(id)/report?format=pdf", method: .get, headers: Self.bearer(Self.alpha)) { response in
                #expect(response.status == .badRequest)
            }
            // Tenant beta knows nothing of alpha's audit.
            for uri in ["/v1/audits/\(id)", "/v1/audits/\(id)/report", "/v1/audits/\(id)/report?format=csv"] {
                try await client.execute(uri: uri, method: .get, headers: Self.bearer(Self.beta)) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(ServerHarness.errorCode(response.body) == "not_found")
                }
            }
        }
    }

    @Test func aZIPOfTheAttachmentsFolderIsAuditedTheSameWay() async throws {
        let export = try Data(contentsOf: Self.exportFolder.appendingPathComponent("orders.csv"))
        let zip = try ZIPFoundation.Archive(accessMode: .create)
        for pdf in try Self.examplePDFs() {
            try zip.addEntry(with: "pdf/\(pdf.name)", type: .file, uncompressedSize: Int64(pdf.data.count), compressionMethod: .deflate) { position, size in
                pdf.data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let parts: [(name: String, file: String, data: Data)] = [("export", "orders.csv", export), ("attachments", "pdf.zip", try #require(zip.data))]
        try await ServerHarness.withServer { client in
            let id = try await Self.start(client, Self.form(parts, token: "-"))
            let job = try await Self.finished(client, id: id, token: "-")
            #expect(job["state"] as? String == "done", "\(job)")
            #expect(job["attachments"] as? Int == 6)
            #expect(job["placedByFileName"] as? Int == 0)
            let report = try await client.execute(uri: "/v1/audits/\(id)/report", method: .get) { ServerHarness.object($0.body) }
            Self.checkReport(report)
        }
    }

    @Test func namesThatLeaveTheFolderAreRefusedWithTheirName() async throws {
        let export = try Data(contentsOf: Self.exportFolder.appendingPathComponent("orders.csv"))
        let zip = try ZIPFoundation.Archive(accessMode: .create)
        let bytes = Data("%PDF-1.4\n%%EOF\n".utf8)
        try zip.addEntry(with: "../../escape.pdf", type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .none) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
        let zipped = try #require(zip.data)
        try await ServerHarness.withServer { client in
            let cases: [[(name: String, file: String, data: Data)]] = [[("export", "orders.csv", export), ("attachment", "../x.pdf", bytes)],
                          [("export", "orders.csv", export), ("attachments", "a.zip", zipped)],
                          [("attachment", "a.pdf", bytes)],
                          [("export", "orders.csv", export), ("attachment", "a.pdf", bytes), ("attachment", "a.pdf", bytes)]]
            for parts in cases {
                let form = Self.form(parts, token: "-")
                try await client.execute(uri: "/v1/audits", method: .post, headers: form.headers, body: form.body) { response in
                    #expect(response.status == .badRequest)
                    let message = ((ServerHarness.object(response.body)["error"] as? [String: Any])?["message"] as? String) ?? ""
                    #expect(message.contains("../x.pdf") || message.contains("escape.pdf") || message.contains("'export'") || message.contains("twice"), "\(message)")
                }
            }
            try await client.execute(uri: "/v1/audits?mapping=no-such-erp", method: .post, headers: Self.form([("export", "orders.csv", export)], token: "-").headers,
                                     body: Self.form([("export", "orders.csv", export)], token: "-").body) { response in
                #expect(response.status == .badRequest)
                #expect(String(decoding: response.body.readableBytesView, as: UTF8.self).contains("dianxiaomi"))
            }
        }
        // Nothing was written outside the uploads' own folders.
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.temporaryDirectory.appendingPathComponent("escape.pdf").path))
    }

    @Test func anUploadOverTheAuditLimitIs413() async throws {
        var configuration = ServerHarness.configuration()
        configuration.maximumAuditBodyBytes = 64 << 10
        let form = Self.form([("export", "orders.csv", Data(repeating: 0x41, count: 128 << 10))], token: "-")
        try await ServerHarness.withServer(configuration) { client in
            try await client.execute(uri: "/v1/audits", method: .post, headers: form.headers, body: form.body) { response in
                #expect(response.status == .contentTooLarge)
                #expect(ServerHarness.errorCode(response.body) == "payload_too_large")
            }
        }
    }
}
