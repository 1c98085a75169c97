import FakturaXML
import Foundation
import Testing
@testable import Validate

/// Inputs the export readers take whole: a FIFO named as a mapping or an XML export is refused
/// by the open, and a workbook part with an element of thousands of attributes is refused
/// before libxml2's reader sees it (its start-tag parse is quadratic in the attributes).
@Suite("Export readers: hostile files")
struct HostileReaderInputTests {
    @Test func aFIFONamedAsTheMappingIsRefusedNotWaitedOn() throws {
        let scratch = AuditScratch()
        let fifo = scratch.path("mapping.yaml")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect {
            _ = try ExportMapping(contentsOf: fifo)
        } throws: { error in
            "\(error)".contains("mapping.yaml") && "\(error)".contains("not a regular file")
        }
    }

    @Test func aFIFONamedAsAnXMLExportIsRefusedNotWaitedOn() throws {
        let scratch = AuditScratch()
        let fifo = scratch.path("orders.xml")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect {
            _ = try XMLExportReader(url: fifo)
        } throws: { error in
            "\(error)".contains("orders.xml") && "\(error)".contains("not a regular file")
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
