import Foundation
import Testing

/// `faktura render` on the inputs that used to go wrong without a word.
@Suite("faktura render traps")
struct RenderCommandTests {
    let examples = CLI.repositoryRoot.appendingPathComponent("examples")
    let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures")

    @Test func aTemplateWithAnImageThatDecodesTooLargeStopsWithExitTwoNamingTheFileAndTheLimit() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
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
}
