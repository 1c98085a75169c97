import FakturaTestSupport
import Foundation
import Testing

/// The workbooks of issue 28 through `faktura audit`: each stops the audit with exit status 2
/// and a message naming the file, the part and the limit (the readers' tests measure that the
/// refusal comes before the work).
@Suite("Hostile workbooks through `faktura audit`")
struct HostileWorkbookCommandTests {
    private static let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/ValidateTests/Fixtures/erp-exports")

    private func audit(_ workbook: URL) throws -> CLIResult {
        try CLI.run(["audit", workbook.path])
    }

    @Test func commentPaddingIsRefusedAtItsBudget() throws {
        let result = try audit(Self.fixtures.appendingPathComponent("sheet-comments.xlsx"))
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("sheet-comments.xlsx: sheet `orders` (xl/worksheets/sheet1.xml)"), "\(result.stderr)")
        #expect(result.stderr.contains("the limit for bytes of comments and processing instructions in untrusted XML is 1048576"), "\(result.stderr)")
    }

    @Test func aDuplicatedSheetEntryIsRefusedNamingThePart() throws {
        let result = try audit(Self.fixtures.appendingPathComponent("sheet-duplicate.xlsx"))
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("sheet-duplicate.xlsx: the ZIP holds part xl/worksheets/sheet1.xml more than once"), "\(result.stderr)")
    }

    @Test func aThreeGigabyteSheetIsRefusedFromItsDeclaredSize() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let workbook = folder.appendingPathComponent("big.xlsx")
        try XLSXTestWorkbook.spaceFilledSheet(sheetBytes: 3_000_000_000).write(to: workbook)
        let result = try audit(workbook)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("big.xlsx: part xl/worksheets/sheet1.xml declares 2861 MiB, over the limit of 2047 MiB for this part; refused before inflating it"), "\(result.stderr)")
    }
}
