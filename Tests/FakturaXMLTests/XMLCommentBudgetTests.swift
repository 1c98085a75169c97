import FakturaXML
import Foundation
import Testing

/// Comments and processing instructions that follow one another are kept by libxml2's streaming
/// reader (issue 28: 620 MB of them in a 1.5 MB workbook held 1.25 GB), so a streamed document
/// holds them to ``XMLBudget/maximumCommentBytes``, in one piece or in many.
@Suite("XML comment budget")
struct XMLCommentBudgetTests {
    private static var budget: XMLBudget {
        var budget = XMLBudget.streamed
        budget.maximumCommentBytes = 100
        return budget
    }

    private static let padded = "<sheet><row/>" + String(repeating: "<!-- padding -->", count: 10)
        + String(repeating: "<?pad x?>", count: 5) + "<row/></sheet>"

    @Test func theStreamScanCountsCommentsAndInstructionsAcrossPieces() throws {
        let bytes = Array(Self.padded.utf8)
        // Every split point: a comment cut between pieces counts the same.
        for split in 1..<bytes.count {
            var scan = XMLBudgetStreamScan(source: "sheet.xml", budget: Self.budget)
            var thrown: XMLError?
            do {
                try bytes[..<split].withUnsafeBytes { try scan.feed($0) }
                try bytes[split...].withUnsafeBytes { try scan.feed($0) }
            } catch {
                thrown = error as? XMLError
            }
            guard case .overBudget(let source, _, .commentBytes, 100, _)? = thrown else {
                Issue.record("split at \(split): expected the comment budget, got \(String(describing: thrown))")
                return
            }
            #expect(source == "sheet.xml")
        }
    }

    @Test func commentsWithinTheBudgetPass() throws {
        var scan = XMLBudgetStreamScan(source: "sheet.xml", budget: .streamed)
        try Array(Self.padded.utf8).withUnsafeBytes { try scan.feed($0) }
        let reader = try XMLPullReader(data: Data(Self.padded.utf8), source: "sheet.xml")
        var rows = 0
        while try reader.read() { if reader.kind == .element, reader.isNamed("row") { rows += 1 } }
        #expect(rows == 2)
    }

    @Test func aDocumentInMemoryIsRefusedByTheSameCount() throws {
        // XMLPullReader(data:) pre-scans with the streamed budget: 1 MiB of comments.
        let text = "<sst>" + String(repeating: "<!--" + String(repeating: "x", count: 1000) + "-->", count: 1100) + "</sst>"
        #expect {
            _ = try XMLPullReader(data: Data(text.utf8), source: "book.xlsx (xl/sharedStrings.xml)")
        } throws: { error in
            "\(error)".hasPrefix("book.xlsx (xl/sharedStrings.xml):1: refused before parsing: more than 1048576 bytes in comments and processing instructions")
        }
    }
}
