import FakturaTestSupport
import Foundation
import Testing

/// What `faktura` prints for the examples in each language, kept in Tests/Golden/<language>/
/// (docs/languages.md): the text, JSON, HTML and JUnit reports and an explanation. A change to a
/// message or a translation shows here as a diff; `FAKTURA_RECORD_GOLDEN=1 swift test --filter
/// LocalizedGolden` writes the files anew (read the diff before committing it).
@Suite("Localized golden reports")
struct LocalizedGoldenTests {
    static let folder = CLI.repositoryRoot.appendingPathComponent("Tests/Golden")
    static let recording = ProcessInfo.processInfo.environment["FAKTURA_RECORD_GOLDEN"] == "1"

    struct Run: Sendable, CustomStringConvertible {
        var file: String
        var arguments: [String]
        var description: String { file }
    }

    static let runs: [Run] = [
        Run(file: "validate-examples.txt", arguments: ["validate", "examples/invoices", "examples/bad.json"]),
        Run(file: "validate-examples.json", arguments: ["validate", "examples/invoices", "examples/bad.json", "--format", "json"]),
        Run(file: "audit-example.txt", arguments: ["audit", "examples/erp-export/orders.csv", "--format", "text", "--jobs", "2"]),
        Run(file: "audit-example.json", arguments: ["audit", "examples/erp-export/orders.csv", "--format", "json", "--jobs", "2"]),
        Run(file: "audit-example.html", arguments: ["audit", "examples/erp-export/orders.csv", "--format", "html", "--jobs", "2"]),
        Run(file: "audit-example.junit.xml", arguments: ["audit", "examples/erp-export/orders.csv", "--format", "junit", "--jobs", "2"]),
        Run(file: "explain-ATTACHMENT_TOTAL_MISMATCH.txt", arguments: ["explain", "ATTACHMENT_TOTAL_MISMATCH"]),
    ]

    static let cases: [(String, Run)] = ["en", "zh-Hans", "ru"].flatMap { tag in runs.map { (tag, $0) } }

    @Test(arguments: cases)
    func theReportIsTheKeptOne(_ tag: String, _ run: Run) throws {
        let result = try CLI.run(run.arguments + ["--lang", tag], in: CLI.repositoryRoot)
        #expect(result.status < 2, "\(run): \(result.stderr)")
        // The audit names the export by its absolute path: the checkout's is kept as $REPO.
        let printed = result.stdout.replacingOccurrences(of: CLI.repositoryRoot.path, with: "$REPO")
        let golden = Self.folder.appendingPathComponent(tag).appendingPathComponent(run.file)
        if Self.recording {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(printed.utf8).write(to: golden)
        }
        let kept = try String(contentsOf: golden, encoding: .utf8)
        #expect(printed == kept, "\(tag)/\(run.file) differs from the kept report:\n\(printed)")
    }

    /// The locale variables choose when --lang is not given, and --lang wins over them.
    @Test func theLocaleChoosesAndLangOverrides() throws {
        let chinese = try CLI.run(["explain", "ATTACHMENT_TOTAL_MISMATCH"], in: CLI.repositoryRoot,
                                  environment: ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"])
        #expect(chinese.stdout.contains("发票总额"), "\(chinese.stdout)")
        let russian = try CLI.run(["explain", "ATTACHMENT_TOTAL_MISMATCH"], in: CLI.repositoryRoot,
                                  environment: ["LC_ALL": "ru_RU.UTF-8", "LANG": "zh_CN.UTF-8"])
        #expect(russian.stdout.contains("сумм"), "\(russian.stdout)")
        let english = try CLI.run(["explain", "ATTACHMENT_TOTAL_MISMATCH", "--lang", "en"], in: CLI.repositoryRoot,
                                  environment: ["LC_ALL": "ru_RU.UTF-8"])
        #expect(english.stdout.hasPrefix("ATTACHMENT_TOTAL_MISMATCH (error by default)"), "\(english.stdout)")
        let plain = try CLI.run(["validate", "examples/bad.json", "--format", "json"], in: CLI.repositoryRoot,
                                environment: ["LC_ALL": "C.UTF-8"])
        #expect(!plain.stdout.contains("\"localized\""), "no language chosen: no localized member")
    }

    @Test func anUnknownLanguageIsRefused() throws {
        let result = try CLI.run(["validate", "examples/bad.json", "--lang", "de"], in: CLI.repositoryRoot,
                                 environment: ["LC_ALL": "C"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown language 'de'") && result.stderr.contains("en, zh-Hans, ru"), "\(result.stderr)")
        let missing = try CLI.run(["explain", "--lang"], in: CLI.repositoryRoot)
        #expect(missing.status == 2 && missing.stderr.contains("--lang needs a value"), "\(missing.stderr)")
    }

    /// The localized JSON reports conform to the schemas that describe `localized`.
    @Test(arguments: ["zh-Hans", "ru"])
    func theLocalizedJSONConformsToTheSchemas(_ tag: String) throws {
        let validate = try CLI.run(["validate", "examples/invoices", "examples/bad.json", "--format", "json", "--lang", tag],
                                   in: CLI.repositoryRoot)
        try SchemaConformanceTests.expectConforms([validate.stdoutData], to: "validation-report.schema.json")
        let audit = try CLI.run(["audit", "examples/erp-export/orders.csv", "--format", "json", "--lang", tag],
                                in: CLI.repositoryRoot)
        try SchemaConformanceTests.expectConforms([audit.stdoutData], to: "audit-report.schema.json")
        let explain = try CLI.run(["explain", "ATTACHMENT_TOTAL_MISMATCH", "--format", "json", "--lang", tag], in: CLI.repositoryRoot)
        try SchemaConformanceTests.expectConforms([explain.stdoutData], to: "explanation.schema.json")
        #expect(String(decoding: validate.stdoutData, as: UTF8.self).contains("\"language\": \"\(tag)\""))
    }

    /// The command line's own words: the help's abstract and discussion, its usage errors and
    /// `render`'s lines. What swift-argument-parser writes itself (`USAGE:`, `OPTIONS:`, `Error:`)
    /// stays English (docs/languages.md).
    @Test func theCommandLineSpeaksTheLanguage() throws {
        let help = try CLI.run(["--help", "--lang", "zh"], in: CLI.repositoryRoot)
        #expect(help.stdout.contains("生成、校验、审核并归档") && help.stdout.contains("退出状态"), "\(help.stdout)")
        #expect(help.stdout.contains("把发票（JSON 或 XML）生成为 PDF。"), "subcommands' abstracts: \(help.stdout)")
        let english = try CLI.run(["--help", "--lang", "en"], in: CLI.repositoryRoot)
        #expect(english.stdout.contains("Render, validate, audit and archive marketplace invoice attachments."))
        let jobs = try CLI.run(["audit", "examples/erp-export/orders.csv", "--jobs", "0", "--lang", "ru"], in: CLI.repositoryRoot)
        #expect(jobs.status == 2 && jobs.stderr.contains("--jobs должно быть не меньше 1."), "\(jobs.stderr)")
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let broken = scratch.url.appendingPathComponent("broken.json")
        try Data("{\"number\": 12}".utf8).write(to: broken)
        let render = try CLI.run(["render", broken.path, "--out", scratch.url.path, "--lang", "zh"], in: CLI.repositoryRoot)
        #expect(render.status >= 1 && render.stderr.contains("number: 应为字符串"), "\(render.stderr)")
    }
}
