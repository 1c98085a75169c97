import FakturaTestSupport
import Foundation
import Testing

/// `faktura validate` on scans whose image claims 60,000 × 60,000 pixels (issue 28: 45 s and
/// 1 GB for one page, no answer in 400 s for ten): the pages are refused before their image is
/// decoded, each named in a finding, and the command ends with exit status 1 (findings).
@Suite("Hostile scans through `faktura validate`")
struct HostileScanCommandTests {
    private static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/ValidateTests/Fixtures/hostile")

    @Test(arguments: ["jbig2-giant-ten-pages.pdf", "jpx-giant.pdf"])
    func everyPageOverThePixelBudgetIsNamed(_ name: String) throws {
        let result = try CLI.run(["validate", Self.fixtures.appendingPathComponent(name).path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let pages = name.contains("ten") ? 10 : 1
        for page in 1...pages {
            #expect(result.stdout.contains("page \(page) was not read by OCR: its image (object 4) claims 60000 × 60000 pixels"),
                    "\(result.stdout)")
        }
        #expect(result.stdout.contains("over the budget of 150000000 pixels"), "\(result.stdout)")
    }
}
