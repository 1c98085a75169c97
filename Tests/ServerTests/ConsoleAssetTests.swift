import Foundation
import FakturaTestSupport
import Hummingbird
import Server
import Testing

/// The web console's files: each one in Sources/CConsoleAssets/console is served byte for byte,
/// its texts exist in every language with the same placeholders, no script parses HTML, and
/// every answer carries the headers that keep hostile uploads inert.
@Suite struct ConsoleAssetTests {
    static let folder = CLI.repositoryRoot.appendingPathComponent("Sources/CConsoleAssets/console")
    static let languages = ["en", "ru", "zh-Hans"]

    static func files() throws -> [String] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        var paths: [String] = []
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            paths.append(String(url.path.dropFirst(folder.path.count + 1)))
        }
        return paths.sorted()
    }

    @Test func everyFileOfTheConsoleFolderIsServedByteForByte() async throws {
        let files = try Self.files()
        #expect(files.count >= 15)
        try await ServerHarness.withServer { client in
            for path in files {
                let expected = try Data(contentsOf: Self.folder.appendingPathComponent(path))
                try await client.execute(uri: "/console/\(path)", method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(Data(response.body.readableBytesView) == expected, "\(path) is not served as it is in the repository")
                }
            }
            let page = try Data(contentsOf: Self.folder.appendingPathComponent("index.html"))
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(Data(response.body.readableBytesView) == page)
            }
            try await client.execute(uri: "/console/no-such.js", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func pagesAndAPIAnswersCarryTheSecurityHeaders() async throws {
        try await ServerHarness.withServer { client in
            for uri in ["/", "/console/app.js", "/v1/archive/none", "/no-such-route"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("script-src 'self'"), "\(uri)")
                    #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "\(uri)")
                    #expect(policy.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                }
            }
        }
    }

    /// The page loads scripts only from files (the policy forbids inline ones: one would not run).
    @Test func thePageHasNoInlineScriptOrStyle() throws {
        let page = try String(contentsOf: Self.folder.appendingPathComponent("index.html"), encoding: .utf8)
        let scripts = page.components(separatedBy: "<script").dropFirst()
        #expect(!scripts.isEmpty)
        for script in scripts {
            #expect(script.prefix(while: { $0 != ">" }).contains("src=\"/console/"), "an inline script: <script\(script.prefix(80))")
            #expect(script.drop(while: { $0 != ">" }).dropFirst().hasPrefix("</script>"))
        }
        #expect(!page.contains("<style") && !page.contains(" style=") && !page.contains(" onclick="))
    }

    /// Uploaded text reaches the page as text: no script hands a string to an HTML parser.
    @Test func noScriptParsesHTML() throws {
        let sinks = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "DOMParser", "createContextualFragment"]
        for path in try Self.files() where path.hasSuffix(".js") {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(path), encoding: .utf8)
            for sink in sinks {
                #expect(!text.contains(sink), "\(path) uses \(sink)")
            }
        }
    }

    static func texts(_ language: String) throws -> [String: String] {
        let data = try Data(contentsOf: folder.appendingPathComponent("i18n/\(language).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    static func placeholders(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: "\\{(\\w+)\\}")
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range(at: 1)) }.sorted()
    }

    @Test func everyLanguageHasTheSameKeysAndPlaceholders() throws {
        let english = try Self.texts("en")
        #expect(english.count > 50)
        for language in Self.languages.dropFirst() {
            let texts = try Self.texts(language)
            #expect(Set(texts.keys) == Set(english.keys), "\(language): keys differ: \(Set(texts.keys).symmetricDifference(english.keys).sorted())")
            for (key, text) in english {
                guard let translated = texts[key] else { continue }
                #expect(Self.placeholders(translated) == Self.placeholders(text), "\(language) \(key): '\(translated)' vs '\(text)'")
                #expect(translated != text || !text.contains(where: \.isLetter),
                        "\(language) \(key) is not translated: '\(text)'")
            }
        }
    }

    /// Each key a script names literally (`t('audit.title')`) has a text: a typo shows as the key itself.
    @Test func everyKeyTheScriptsNameHasAText() throws {
        let english = try Self.texts("en")
        let regex = try NSRegularExpression(pattern: "\\bt\\('([a-zA-Z]+\\.[a-zA-Z]+)'")
        var named: Set<String> = []
        for path in try Self.files() where path.hasSuffix(".js") {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(path), encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                named.insert((text as NSString).substring(with: match.range(at: 1)))
            }
        }
        #expect(named.count > 50)
        #expect(named.subtracting(english.keys).isEmpty, "keys without a text: \(named.subtracting(english.keys).sorted())")
        // Keys built from a value (`'verdict.' + status`) are listed here with every value they take.
        for key in ["verdict.ok", "verdict.failed", "verdict.skipped", "severity.error", "severity.warning", "severity.info",
                    "count.postings", "count.ok", "count.failed", "count.skipped", "count.malformed",
                    "nav.audit", "nav.check", "nav.make", "nav.archive"] {
            #expect(english[key] != nil, "\(key)")
        }
    }
}
