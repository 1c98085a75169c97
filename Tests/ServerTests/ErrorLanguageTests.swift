import FakturaTestSupport
import Foundation
import Hummingbird
import Testing

/// A refused request answers in the language it chose (docs/server.md, docs/languages.md): the
/// stable `code` and the English `message` as before, the message in that language as
/// `localized`, and `Content-Language`.
@Suite struct ErrorLanguageTests {
    static func error(_ body: ByteBuffer) -> [String: Any] {
        ServerHarness.object(body)["error"] as? [String: Any] ?? [:]
    }

    @Test func acceptLanguageRussianLocalizesTheError() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate?profile=nope", method: .post,
                                     headers: [.contentType: "application/json", .acceptLanguage: "ru-RU,ru;q=0.9"],
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentLanguage] == "ru")
                let error = Self.error(response.body)
                #expect(error["code"] as? String == "bad_request")
                #expect((error["message"] as? String)?.hasPrefix("unknown profile 'nope'; known profiles: ") == true)
                let localized = try #require(error["localized"] as? [String: Any])
                #expect(localized["language"] as? String == "ru")
                let message = try #require(localized["message"] as? String)
                #expect(message.hasPrefix("неизвестный набор правил «nope»; наборы: "), "\(message)")
                #expect(message.contains("ru-invoice"))
            }
        }
    }

    @Test func langQueryLocalizesAnUnknownRouteAndAuthorization() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/nothing-here?lang=zh", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentLanguage] == "zh-Hans")
                let error = Self.error(response.body)
                #expect(error["message"] as? String == "no such route")
                #expect((error["localized"] as? [String: Any])?["message"] as? String == "没有这个路由")
            }
        }
    }

    /// An unknown `?lang=` is the error: it is answered in the language Accept-Language asks.
    @Test func anUnknownLangIsRefusedInTheHeadersLanguage() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate?lang=de", method: .post,
                                     headers: [.contentType: "application/json", .acceptLanguage: "zh-CN"],
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentLanguage] == "zh-Hans")
                let localized = Self.error(response.body)["localized"] as? [String: Any]
                #expect((localized?["message"] as? String)?.hasPrefix("未知语言“de”") == true, "\(String(describing: localized))")
            }
        }
    }

    @Test func withoutALanguageTheBodyIsAsBefore() async throws {
        try await ServerHarness.withServer { client in
            try await client.execute(uri: "/v1/validate", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer()) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentLanguage] == nil)
                let error = Self.error(response.body)
                #expect(error.keys.sorted() == ["code", "message"])
                #expect(error["message"] as? String == "the request body is empty; send the invoice (JSON, XML or PDF)")
            }
        }
    }
}
