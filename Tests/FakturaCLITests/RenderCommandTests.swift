import FakturaTestSupport
import Foundation
import Testing

/// `faktura render` on the inputs that used to go wrong without a word.
@Suite("faktura render traps")
struct RenderCommandTests {
    let examples = CLI.repositoryRoot.appendingPathComponent("examples")
    let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures")

    @Test func aTemplateWithAnImageThatDecodesTooLargeStopsWithExitTwoNamingTheFileAndTheLimit() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        // 778 KB on disk, 800 MB decoded (see Tests/Fixtures/images/make-png-bomb.py); three of them
        // used to abort the process.
        let bomb = fixtures.appendingPathComponent("images/png-bomb-10000x10000-rgba16.png").path
        let template = folder.appendingPathComponent("logo.xml")
        try Data("""
            <template xmlns="urn:faktura:template:1" name="logo">
              <page size="A4" margin="30" font-size="9"/>
              <body>
                <image src="\(bomb)" width="60" height="60"/>
                <image src="\(bomb)" width="60" height="60"/>
                <image src="\(bomb)" width="60" height="60"/>
                <text>{number}</text>
              </body>
            </template>
            """.utf8).write(to: template)
        let result = try CLI.run(["render", examples.appendingPathComponent("invoices/cn-seller-ozon.json").path,
                                  "--template", template.path, "--out", folder.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(bomb), "\(result.stderr)")
        #expect(result.stderr.contains("10000×10000 16-bit RGBA"), "\(result.stderr)")
        #expect(result.stderr.contains("limit of 64 MB"), "\(result.stderr)")
    }

    @Test func aCharacterNoFontDrawsIsNamedByRenderAndValidateNeverSilently() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        var text = try String(contentsOf: examples.appendingPathComponent("invoices/cn-seller-ozon.json"), encoding: .utf8)
        let firstName = try #require(text.range(of: #""name": ""#, range: text.range(of: #""lines""#)!.upperBound..<text.endIndex))
        text.insert(contentsOf: "🚀 ", at: firstName.upperBound)
        let input = folder.appendingPathComponent("rocket.json")
        try Data(text.utf8).write(to: input)

        let render = try CLI.run(["render", input.path, "--jobs", "1", "--out", folder.appendingPathComponent("out").path])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stderr.contains("warning GLYPH_MISSING lines[0].name: U+1F680 (🚀)"), "\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/rocket.pdf").path))

        let validate = try CLI.run(["validate", input.path])
        #expect(validate.stdout.contains("warning GLYPH_MISSING lines[0].name: U+1F680 (🚀)"), "\(validate.stdout)")
        let explain = try CLI.run(["explain", "GLYPH_MISSING"])
        #expect(explain.status == 0 && explain.stdout.contains("empty box"), "\(explain.stdout)")
    }

    @Test func aFolderRenderedOnOneJobLeavesOnlyThePDFsBehind() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run(["render", examples.appendingPathComponent("invoices").path, "--jobs", "1", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        // Written through a temporary file and a rename: no temporary file is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
                    == ["cn-seller-ozon.pdf", "ru-seller-schet-faktura.pdf"])
    }

    @Test func anInvoiceWithErrorsIsRenderedWithItsFindingsAndExitOneAndStrictWritesNothing() throws {
        let folder = ScratchFolder()
        let bad = examples.appendingPathComponent("bad.json").path
        let render = try CLI.run(["render", bad, "--jobs", "1", "--out", folder.path("out").path])
        #expect(render.status == 1, "\(render.stderr)")
        #expect(render.stderr.contains("\(bad): error NUMBER_FORMAT number:"), "\(render.stderr)")
        #expect(render.stderr.contains("\(bad): rendered, but it fails validation: "), "\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path("out/bad.pdf").path))

        let strict = try CLI.run(["render", bad, "--strict", "--out", folder.path("strict").path])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(strict.stderr.contains("error NUMBER_FORMAT number:"), "\(strict.stderr)")
        #expect(strict.stderr.contains("\(bad): not rendered (--strict): "), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("strict/bad.pdf").path))

        // A clean invoice: no findings printed, exit 0, also under --strict.
        let clean = try CLI.run(["render", examples.appendingPathComponent("invoices/cn-seller-ozon.json").path, "--strict",
                                 "--out", folder.path("clean").path])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.isEmpty, "\(clean.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path("clean/cn-seller-ozon.pdf").path))
    }
}
