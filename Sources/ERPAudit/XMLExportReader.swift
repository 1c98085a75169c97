public import Foundation
import Findings
import FakturaXML
import InvoiceModel

/// Reads an XML export `<export><row><posting_number>…</posting_number>…</row>…</export>`,
/// one `row` per CSV row with the canonical (or mapped) column names as child elements.
///
/// Parsed by FakturaXML (libxml2 without network, DTDs or entity expansion), so hostile XML is
/// refused rather than followed. The document is parsed whole: XML exports are expected to be
/// small; CSV and JSON are the formats for very long exports.
public struct XMLExportReader: ExportReader {
    private let rows: [XMLNode]
    private var index = 0
    private let mapping: ExportMapping
    private let file: String

    public init(url: URL, mapping: ExportMapping = .identity) throws(ExportReadError) {
        // Read whole (an XML export is parsed as one document), so a regular file within the
        // XML budget only: a FIFO or a device would block or never end.
        let data: Data
        do {
            data = try RegularFile.contents(atPath: url.path, maximumBytes: Int64(XMLBudget.standard.maximumBytes))
        } catch {
            throw .unreadable(file: url.path, message: error.reason)
        }
        try self.init(data: data, source: url.path, mapping: mapping)
    }

    init(data: Data, source: String, mapping: ExportMapping) throws(ExportReadError) {
        let root: XMLNode
        do {
            root = try XMLDocument.parse(data, source: source)
        } catch {
            throw .malformed(file: source, line: error.line ?? 0, message: "not a readable XML export: \(error)")
        }
        guard root.name == "export" else {
            throw .malformed(file: source, line: root.line, message: "the root element is <\(root.name)>; expected <export> holding <row> elements")
        }
        // No header row: the mapping's keys are held against every row's element names.
        var keys = MappingKeyTally(mapping: mapping)
        for row in root.children where row.name == "row" {
            for cell in row.children { keys.saw(cell.name) }
        }
        if let misses = keys.misses {
            throw .unmatchedMappingKeys(file: source, mapping: mapping.source, keys: misses)
        }
        rows = root.children
        self.mapping = mapping
        file = source
    }

    public mutating func next() throws(ExportReadError) -> ExportItem? {
        guard index < rows.count else { return nil }
        let row = rows[index]
        index += 1
        guard row.name == "row" else {
            return .malformed(MalformedRow(line: row.line, reason: MessageText("row.xmlNotRow", ["element": .data(row.name)])))
        }
        var record = ExportRecord(line: row.line)
        var seen: Set<ExportColumn> = []
        for cell in row.children {
            guard let column = mapping.column(forHeader: cell.name) else { continue }
            let posting = record[.postingNumber].isEmpty ? nil : record[.postingNumber]
            guard cell.children.isEmpty else {
                return .malformed(MalformedRow(line: cell.line, reason: MessageText("row.xmlHoldsElements", ["element": .data(cell.name)]), postingNumber: posting))
            }
            guard seen.insert(column).inserted else {
                return .malformed(MalformedRow(line: cell.line, reason: MessageText("row.xmlTwice", ["element": .data(cell.name)]), postingNumber: posting))
            }
            record[column] = cell.text.trimmedExportField
        }
        return .record(record)
    }
}
