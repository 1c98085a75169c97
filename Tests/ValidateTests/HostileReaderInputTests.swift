import FakturaXML
import FakturaTestSupport
import Foundation
import Testing
@testable import ERPAudit

/// Inputs the export readers take whole: a FIFO named as a mapping or an XML export is refused
/// by the open, and a workbook part with an element of thousands of attributes is refused
/// before libxml2's reader sees it (its start-tag parse is quadratic in the attributes).
@Suite("Export readers: hostile files")
struct HostileReaderInputTests {
    /// The readers that open a file named by the user whole, and the name each is given.
    enum WholeFileReader: String, CaseIterable, Sendable {
        case mapping = "mapping.yaml"
        case xmlExport = "orders.xml"

        func open(_ url: URL) throws {
            switch self {
            case .mapping: _ = try ExportMapping(contentsOf: url)
            case .xmlExport: _ = try XMLExportReader(url: url)
            }
        }
    }

    @Test(arguments: WholeFileReader.allCases)
    func aFIFONamedAsTheInputIsRefusedNotWaitedOn(_ reader: WholeFileReader) throws {
        let scratch = ScratchFolder()
        let fifo = scratch.path(reader.rawValue)
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect {
            try reader.open(fifo)
        } throws: { error in
            "\(error)".contains(reader.rawValue) && "\(error)".contains("not a regular file")
        }
    }

    @Test func aWorkbookPartWithTooManyAttributesIsRefusedBeforeParsing() throws {
        let attributes = (0..<20_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let xml = Data("<sst><si \(attributes)><t>x</t></si></sst>".utf8)
        #expect {
            _ = try XMLPullReader(data: xml, source: "book.xlsx (xl/sharedStrings.xml)")
        } throws: { error in
            let text = "\(error)"
            return text.contains("book.xlsx (xl/sharedStrings.xml)") && text.contains("256")
        }
    }
}
