import Foundation
import Testing
import InvoiceModel
import FakturaTestSupport
@testable import Findings
import Validate
import ERPAudit

/// The message catalogues (messages/*.json, docs/languages.md): complete in every language,
/// the same placeholders everywhere, compiled in, and the language chosen as documented.
@Suite("Message catalogues")
struct MessageCatalogueTests {
    static let english = MessageCatalogue.english
    static let others = MessageCatalogue.all.filter { $0.language != .english }

    /// A translation may leave out only the placeholders English names `english…`: English
    /// prose from elsewhere (a library's error detail, a law's English citation), shown or not.
    static func required(_ template: String) -> Set<String> {
        MessageCatalogue.placeholders(in: template).filter { !$0.hasPrefix("english") }
    }

    /// An ASCII text is filled byte by byte (``MessageCatalogue/fillASCII(_:_:)``), every other
    /// text character by character: random ASCII templates of braces, placeholder names and
    /// words (line ends among them) fill to the same text either way, in every catalogue.
    @Test func asciiTextsFillAsTheirCharactersSay() {
        let pieces = ["{", "}", "{sku}", "{a1}", "{1a}", "{}", "{{", "}}", "{total}", "{list}", "{Q}", "sku", "total", "-", " ",
                      "\r\n", "\r", "\n", "'", "`", "@", "[", "Z", "z", "0", "9", "{row", "_", "{sku_1}", "{r\r\n}"]
        let arguments: [String: MessageArgument] = [
            "sku": .data("SKU-1"), "a1": .data("{sku}"), "total": .data("1 234,50 ₽"), "Q": .key("list.or"),
            "list": .list([.data("a"), .data("б"), .key("attachment.none")]),
        ]
        var generator = SeededGenerator()
        for catalogue in MessageCatalogue.all {
            for _ in 0..<1_000 {
                let template = (0..<Int.random(in: 1...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
                #expect(catalogue.fill(template, arguments) == catalogue.fillByCharacters(template, arguments), "\(template)")
                #expect(catalogue.fillASCII(template, arguments) == catalogue.fillByCharacters(template, arguments), "\(template)")
            }
        }
        // Most English texts with a placeholder are ASCII, so that most findings' messages take the byte path.
        let english = MessageCatalogue.english.texts.values.filter { $0.utf8.contains(0x7B) }
        #expect(english.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.count * 10 >= english.count * 9)
    }

    @Test func threeLanguagesAreCompiledIn() {
        #expect(Language.available.map(\.tag) == ["en", "zh-Hans", "ru"])
        #expect(Self.english.language == .english)
    }

    @Test(arguments: MessageCatalogue.all.filter { $0.language != .english }.map(\.language.tag))
    func everyKeyIsInTheLanguageWithTheSamePlaceholders(_ tag: String) throws {
        let catalogue = try #require(MessageCatalogue.all.first { $0.language.tag == tag })
        let missing = Set(Self.english.texts.keys).subtracting(catalogue.texts.keys).sorted()
        let extra = Set(catalogue.texts.keys).subtracting(Self.english.texts.keys).sorted()
        #expect(missing.isEmpty, "\(tag) lacks \(missing)")
        #expect(extra.isEmpty, "\(tag) has keys English does not: \(extra)")
        for (key, english) in Self.english.texts {
            guard let text = catalogue.texts[key] else { continue }
            let used = MessageCatalogue.placeholders(in: text)
            #expect(used.isSuperset(of: Self.required(english)) && used.isSubset(of: MessageCatalogue.placeholders(in: english)),
                    "\(tag) \(key): placeholders \(used.sorted()), English \(MessageCatalogue.placeholders(in: english).sorted())")
        }
    }

    /// Fails for a new FindingCode until every language explains it.
    @Test(arguments: FindingCode.allCases)
    func everyCodeIsExplainedInEveryLanguage(_ code: FindingCode) {
        for catalogue in MessageCatalogue.all {
            for part in ["meaning", "rule", "fix"] {
                let key = "code.\(code.rawValue).\(part)"
                #expect(catalogue.texts[key].map { !$0.isEmpty } == true, "\(catalogue.language.tag) has no \(key)")
            }
            let explanation = code.explanation(in: catalogue.language)
            #expect(explanation.text.contains(code.rawValue) && explanation.text.contains(explanation.fix))
        }
    }

    @Test func theCataloguesAreTheFilesOfTheMessagesFolder() throws {
        let folder = CLI.repositoryRoot.appendingPathComponent("messages")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        var tags: [String] = []
        for file in files {
            let catalogue = try MessageCatalogue(json: Data(contentsOf: folder.appendingPathComponent(file)))
            #expect(catalogue.language.tag + ".json" == file, "\(file) says it is \(catalogue.language.tag)")
            tags.append(catalogue.language.tag)
            // The compiled-in copy is this file (a new file needs its line in message_catalogue.c).
            let compiled = MessageCatalogue.all.first { $0.language == catalogue.language }
            #expect(compiled?.texts == catalogue.texts, "\(file) is not compiled in as it is (Sources/CMessageCatalogue)")
        }
        #expect(Set(tags) == Set(Language.available.map(\.tag)))
    }

    /// Every key a source file names literally (`key: "…"`, `MessageText("…")`, `.key("…")`,
    /// `.text("…")`) is in the English catalogue, so no message ever prints its key.
    @Test func everyKeyTheSourcesNameExists() throws {
        let sources = CLI.repositoryRoot.appendingPathComponent("Sources")
        let pattern = try Regex(#"(?:key: |MessageText\(|\.key\(|text\()"([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)""#)
        var named: Set<String> = []
        let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let key = match.output[1].substring { named.insert(String(key)) }
            }
        }
        #expect(named.count > 60, "the scan found too few keys: \(named.count)")
        let unknown = named.filter { Self.english.texts[$0] == nil }.sorted()
        #expect(unknown.isEmpty, "keys used in Sources but not in messages/en.json: \(unknown)")
    }

    @Test func theLanguageIsChosenAsDocumented() {
        let zh = Language(matching: "zh-Hans"), ru = Language(matching: "ru")
        #expect(zh != nil && ru != nil)
        for name in ["zh", "ZH", "zh_CN.UTF-8", "zh-CN", "zh_TW.Big5", "zh-Hans-CN"] { #expect(Language(matching: name) == zh, "\(name)") }
        for name in ["ru", "ru_RU.UTF-8", "ru-RU", "ru_RU.KOI8-R@euro"] { #expect(Language(matching: name) == ru, "\(name)") }
        for name in ["en", "en_US.UTF-8", "en-GB"] { #expect(Language(matching: name) == .english, "\(name)") }
        for name in ["C", "POSIX", "C.UTF-8", "", "de_DE.UTF-8", "x"] { #expect(Language(matching: name) == nil, "\(name)") }

        #expect(Language.fromEnvironment(["LANG": "zh_CN.UTF-8"]) == zh)
        #expect(Language.fromEnvironment(["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"]) == ru)
        #expect(Language.fromEnvironment(["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8", "LC_ALL": "en_US.UTF-8"]) == .english)
        #expect(Language.fromEnvironment(["LANG": "ru_RU.UTF-8", "LC_ALL": ""]) == ru, "an empty variable is not set")
        #expect(Language.fromEnvironment(["LANG": "C.UTF-8"]) == nil)
        #expect(Language.fromEnvironment([:]) == nil)

        #expect(Language.fromAcceptLanguage("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7") == ru)
        #expect(Language.fromAcceptLanguage("de-DE, zh-CN;q=0.5, en;q=0.7") == .english)
        #expect(Language.fromAcceptLanguage("fr, zh;q=0.2") == zh)
        #expect(Language.fromAcceptLanguage("ru;q=0, en") == .english)
        #expect(Language.fromAcceptLanguage("*") == nil)
        #expect(Language.fromAcceptLanguage("") == nil)
    }

    @Test func placeholdersAreFilledAndBracesLeftAlone() {
        #expect(MessageCatalogue.placeholders(in: "a {b} {\"c\": 1} {d2} {}") == ["b", "d2"])
        let text = MessageText("attachment.totalMismatch", ["pdfTotal": "26188.34", "orderTotal": "26188.43"])
        #expect(text.english == "the PDF's total is 26188.34, the order's 26188.43")
        #expect(text.rendered(in: Language(matching: "zh")!) == "发票总额 26188.34 与订单总额 26188.43 不一致：请按订单金额重开发票")
        #expect(text.rendered(in: Language(matching: "ru")!) == "итог в PDF 26188.34, а сумма заказа 26188.43")
    }

    /// A finding made from an English message alone is written in English in every language, and
    /// a test can tell: its `text` is nil.
    @Test func aFindingWithoutCatalogueTextFallsBackToEnglish() {
        let finding = Finding(code: .schema, field: "x", message: "an English message")
        let zh = Language(matching: "zh")!
        #expect(finding.text == nil)
        #expect(finding.message(in: zh) == "an English message")
        #expect(finding.hint(in: zh) == FindingCode.schema.explanation(in: zh).fix)
        let json = finding.json(in: zh).rendered(indent: 0)
        #expect(json.contains("\"localized\":{\"language\":\"zh-Hans\",\"message\":\"an English message\""), "\(json)")
        #expect(!finding.json(in: nil).rendered(indent: 0).contains("localized"))
    }
}

/// The examples' reports in Chinese and Russian: every finding translated, every value as in
/// English, and no English words left outside codes, identifiers and the user's own data.
@Suite("Localized reports of the examples")
struct LocalizedExampleReportTests {
    static let languages = ["zh-Hans", "ru"]
    static let examples = CLI.repositoryRoot.appendingPathComponent("examples")

    static func validationReport() throws -> ValidationReport {
        let validator = InvoiceValidator()
        let files = try Samples.exampleFiles() + [examples.appendingPathComponent("bad.json")]
        return ValidationReport(tool: ReportTool(version: "test"), documents: files.map { validator.validate(fileAt: $0) })
    }

    static func auditReport() async throws -> AuditReport {
        try await ExportAudit(options: .init(), tool: ReportTool(version: "test"))
            .run(export: examples.appendingPathComponent("erp-export/orders.csv"))
    }

    static func values(_ text: MessageText) -> [String] { EnglishWords.values(text) }
    static func englishWords(in text: String) -> [String] { EnglishWords.words(in: text) }
    static func withoutData(_ text: String, findings: [Finding], also: [String]) -> String {
        EnglishWords.withoutData(text, findings: findings, also: also)
    }

    @Test func everyFindingOfTheExamplesHasCatalogueText() async throws {
        let findings = try Self.validationReport().documents.flatMap(\.findings) + (try await Self.auditReport()).postings.flatMap(\.findings)
        #expect(findings.count >= 10)
        for finding in findings {
            #expect(finding.text != nil, "no catalogue text (English in every language): \(finding)")
        }
    }

    @Test(arguments: languages)
    func everyValueReadsTheSameInEveryLanguage(_ tag: String) async throws {
        let language = try #require(Language(matching: tag))
        let findings = try Self.validationReport().documents.flatMap(\.findings) + (try await Self.auditReport()).postings.flatMap(\.findings)
        for finding in findings {
            let message = finding.message(in: language)
            #expect(message != finding.message, "\(finding) is not translated")
            for value in finding.text.map(Self.values) ?? [] {
                #expect(message.contains(value), "\(tag): '\(value)' is not in \(message)")
                #expect(finding.message.contains(value), "en: '\(value)' is not in \(finding.message)")
            }
        }
    }

    @Test(arguments: languages)
    func theValidationTextReportHoldsNoEnglishWords(_ tag: String) throws {
        let language = try #require(Language(matching: tag))
        let report = try Self.validationReport()
        let text = report.text(in: language, strict: false)
        let english = report.text(in: .english, strict: false)
        #expect(Self.englishWords(in: english).count > 20, "the check finds English in the English report")
        let rest = Self.withoutData(text, findings: report.documents.flatMap(\.findings), also: report.documents.map(\.file))
        #expect(Self.englishWords(in: rest).isEmpty, "\(tag): English words \(Self.englishWords(in: rest)) in\n\(text)")
    }

    @Test(arguments: languages)
    func theAuditTextReportHoldsNoEnglishWords(_ tag: String) async throws {
        var report = try await Self.auditReport()
        report.language = try #require(Language(matching: tag))
        let text = report.text()
        let findings = report.postings.flatMap(\.findings) + report.unreadableRows
        let rest = Self.withoutData(text, findings: findings,
                                    also: [report.export, report.tool.rules, report.tool.version]
                                        + report.postings.flatMap { [$0.postingNumber, $0.exportStatus] })
        #expect(Self.englishWords(in: rest).isEmpty, "\(tag): English words \(Self.englishWords(in: rest)) in\n\(text)")
        #expect(text.contains("26188.34") && text.contains("26188.43"))
    }
}
