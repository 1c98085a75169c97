public import Foundation
import Findings
import FakturaXML
import ZIPFoundation

/// Reads an Excel workbook (`.xlsx`: a ZIP of XML parts) as an export: the first sheet, or the
/// one named with `--sheet`, one order line per row under a header row.
///
/// - The sheet is streamed (libxml2's reader over the sheet part inflated to an unlinked
///   temporary file), so a million rows take the memory of one row plus the shared strings.
/// - Cells keep what the seller sees: shared and inline strings as text; numbers as their
///   digits (a code keeps its digits: no `.0`, no exponent); numbers under a date
///   format as ISO dates; booleans as `true`/`false`; empty cells (found by their `r`
///   references) as "".
/// - Budgets before anything is inflated: entry count, unique entry names, each part's declared
///   size and compression ratio; then the bytes really inflated, counted as they come (a part
///   that inflates past its declared size or the limit is refused at that byte); cells per
///   row; shared strings.
public struct XLSXExportReader: ExportReader {
    static let maxEntries = 10_000
    static let maxPartBytes = 64 << 20
    /// The sheet's limit is the streamed XML budget's: a sheet that declares more is refused
    /// before a byte is inflated, one that inflates past it at that byte.
    static let maxSheetBytes = XMLBudget.streamed.maximumBytes
    static let maxRatio: UInt64 = 500
    static let maxColumns = 16_384

    private let displayName: String
    private let sheetName: String
    private let stream: XMLPullReader
    private let sharedStrings: XLSXSharedStrings
    private let styles: XLSXStyles
    private let date1904: Bool
    private let mapping: ExportMapping
    /// For each column of the sheet: the canonical column index, or -1.
    private var columnOfField: [Int] = []
    private var postingField = 0
    /// The header row as written, for messages.
    public private(set) var headers: [String] = []
    public private(set) var headerRow: ExportHeaderRow?
    private var nextRowNumber = 1
    private var finished = false
    /// The sheet's merged regions that span rows, filled down as data rows are read.
    private var mergedCells: XLSXMergedCells.Filler

    /// Opens the workbook at `url` (named `displayName` in messages) and reads its header row.
    /// With `removeWhenDone` the file is a temporary copy and is removed once opened.
    public init(url: URL, displayName: String? = nil, sheet: String? = nil, mapping: ExportMapping = .identity,
                removeWhenDone: Bool = false) throws(ExportReadError) {
        try self.init(url: url, displayName: displayName, sheet: sheet, mapping: mapping, removeWhenDone: removeWhenDone,
                      inflated: XLSXInflationCount())
    }

    /// `inflated` counts the bytes inflated from the ZIP (so a test can see a refusal came before the work).
    init(url: URL, displayName: String?, sheet: String?, mapping: ExportMapping, removeWhenDone: Bool,
         inflated: XLSXInflationCount) throws(ExportReadError) {
        let name = displayName ?? url.path
        self.displayName = name
        self.mapping = mapping
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            if removeWhenDone { try? FileManager.default.removeItem(at: url) }
            throw .workbook(file: name, message: "not a readable XLSX workbook (ZIP): \(error)")
        }
        // The archive keeps its file open; the name is no longer needed.
        if removeWhenDone { try? FileManager.default.removeItem(at: url) }
        // Part names are compared as the package format compares them (ASCII case ignored). Two
        // entries of one name are two readings of one workbook: ZIP libraries differ in which
        // they take (ours the first, Python's zipfile the last), so neither is audited.
        var names: Set<String> = []
        for entry in archive {
            guard names.count < Self.maxEntries else {
                throw .workbook(file: name, message: "more than \(Self.maxEntries) parts in the ZIP; not an export workbook")
            }
            guard names.insert(entry.path.lowercased()).inserted else {
                throw .workbook(file: name, message: "the ZIP holds part \(ExportTextDecoder.printable(entry.path)) more than once; programs differ in which copy they read, so the workbook is refused: save it again from the spreadsheet program")
            }
        }
        let workbookXML = try Self.part(archive, "xl/workbook.xml", file: name, required: true, inflated: inflated)!
        let (sheets, is1904) = try Self.sheets(workbookXML, file: name)
        date1904 = is1904
        let relationships = try Self.relationships(
            Self.part(archive, "xl/_rels/workbook.xml.rels", file: name, required: true, inflated: inflated)!, file: name)
        guard let first = sheets.first else { throw .workbook(file: name, message: "the workbook has no sheets") }
        let chosen: (name: String, relationship: String)
        if let sheet {
            guard let found = sheets.first(where: { $0.name == sheet }) ?? sheets.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                throw .workbook(file: name, message: "no sheet named `\(sheet)`; the sheets are \(sheets.map { "`\($0.name)`" }.joined(separator: ", "))")
            }
            chosen = found
        } else {
            chosen = first
        }
        sheetName = chosen.name
        guard let target = relationships.byID[chosen.relationship] else {
            throw .workbook(file: name, message: "sheet `\(chosen.name)` points at relationship \(chosen.relationship), which xl/_rels/workbook.xml.rels does not have")
        }
        let sharedPath = relationships.byTypeSuffix["/sharedStrings"] ?? "xl/sharedStrings.xml"
        if let xml = try Self.part(archive, sharedPath, file: name, required: false, inflated: inflated) {
            sharedStrings = try XLSXSharedStrings(xml: xml, source: "\(name) (\(sharedPath))")
        } else {
            sharedStrings = XLSXSharedStrings()
        }
        let stylesPath = relationships.byTypeSuffix["/styles"] ?? "xl/styles.xml"
        if let xml = try Self.part(archive, stylesPath, file: name, required: false, inflated: inflated) {
            styles = try XLSXStyles(xml: xml, source: "\(name) (\(stylesPath))")
        } else {
            styles = XLSXStyles()
        }
        let merged: XLSXMergedCells
        (stream, merged) = try Self.sheetStream(archive, target, file: name, sheet: chosen.name, inflated: inflated)
        mergedCells = XLSXMergedCells.Filler()
        let headerRow = try readHeader()
        mergedCells = try XLSXMergedCells.Filler(merged, headerRow: headerRow,
                                                 columns: Set(columnOfField.indices.filter { columnOfField[$0] >= 0 }))
    }

    /// Reads a workbook held in memory (copied to a temporary file that is unlinked once open):
    /// the entry point for tests and fuzzing.
    public init(data: Data, name: String = "<bytes>", sheet: String? = nil, mapping: ExportMapping = .identity) throws(ExportReadError) {
        try self.init(data: data, name: name, sheet: sheet, mapping: mapping, inflated: XLSXInflationCount())
    }

    init(data: Data, name: String = "<bytes>", sheet: String? = nil, mapping: ExportMapping = .identity,
         inflated: XLSXInflationCount) throws(ExportReadError) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-workbook-\(UUID().uuidString).xlsx")
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw .workbook(file: name, message: "cannot create a temporary copy in \(url.deletingLastPathComponent().path)")
        }
        try self.init(url: url, displayName: name, sheet: sheet, mapping: mapping, removeWhenDone: true, inflated: inflated)
    }

    // MARK: Parts

    /// Resolves a relationship target (relative to `xl/`, or absolute from the package root).
    static func resolve(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// Checks an entry's declared size and compression ratio before inflating anything.
    private static func checkBudget(_ entry: Entry, limit: Int, file: String) throws(ExportReadError) {
        let size = UInt64(entry.uncompressedSize)
        let packed = max(1, UInt64(entry.compressedSize))
        guard size <= UInt64(limit) else {
            throw .workbook(file: file, message: "part \(entry.path) declares \(size >> 20) MiB, over the limit of \(limit >> 20) MiB for this part; refused before inflating it")
        }
        guard size < 1 << 20 || size / packed <= maxRatio else {
            throw .workbook(file: file, message: "part \(entry.path) inflates \(size / packed) times its packed size (limit \(maxRatio)): a ZIP bomb, not an export")
        }
    }

    /// A small part, inflated into memory within ``maxPartBytes``; nil when absent and not required.
    private static func part(_ archive: Archive, _ path: String, file: String, required: Bool,
                             inflated: XLSXInflationCount) throws(ExportReadError) -> Data? {
        guard let entry = archive[path] else {
            if required { throw .workbook(file: file, message: "no \(path) in the ZIP: not an Excel workbook (.xlsx)") }
            return nil
        }
        try checkBudget(entry, limit: maxPartBytes, file: file)
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                inflated.bytes += chunk.count
                data.append(chunk)
                if data.count > maxPartBytes || data.count > Int(entry.uncompressedSize) { throw PartOverflow() }
            }
        } catch is PartOverflow {
            throw .workbook(file: file, message: "part \(path) inflates to more than it declares or than \(maxPartBytes >> 20) MiB")
        } catch {
            throw .workbook(file: file, message: "part \(path) cannot be inflated: \(error)")
        }
        return data
    }

    private struct PartOverflow: Error {}

    /// The sheet part inflated to a temporary file, opened by libxml2's reader and unlinked,
    /// and its merged regions (read in a second pass only when the budget scan saw a `<mergeCell>`).
    private static func sheetStream(_ archive: Archive, _ target: String, file: String, sheet: String,
                                    inflated: XLSXInflationCount) throws(ExportReadError) -> (XMLPullReader, XLSXMergedCells) {
        let path = resolve(target)
        guard let entry = archive[path] else {
            throw .workbook(file: file, message: "sheet `\(sheet)` is \(path), which is not in the ZIP")
        }
        try checkBudget(entry, limit: maxSheetBytes, file: file)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-sheet-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let out = FileHandle(forWritingAtPath: url.path) else {
            throw .workbook(file: file, message: "cannot create a temporary file in \(url.deletingLastPathComponent().path)")
        }
        defer { try? FileManager.default.removeItem(at: url) }
        var written = 0
        // Held to the streamed XML budget as it is inflated, before libxml2 reads a byte of it:
        // the sheet is never in memory whole, so it is counted piece by piece.
        var scan = XMLBudgetStreamScan(source: "sheet `\(sheet)` (\(path))", budget: .streamed, watching: "mergeCell")
        do {
            defer { try? out.close() }
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                written += chunk.count
                inflated.bytes += chunk.count
                if written > Int(entry.uncompressedSize) || written > maxSheetBytes { throw PartOverflow() }
                try chunk.withUnsafeBytes { raw in try scan.feed(raw) }
                try out.write(contentsOf: chunk)
            }
        } catch is PartOverflow {
            throw .workbook(file: file, message: "sheet part \(path) inflates to more than it declares (\(entry.uncompressedSize) bytes); refused when the inflated bytes passed that")
        } catch let error as XMLError {
            throw .workbook(file: file, message: "\(error)")
        } catch {
            throw .workbook(file: file, message: "sheet part \(path) cannot be inflated: \(error)")
        }
        let merged = scan.sawWatchedElement ? try XLSXMergedCells(sheetAt: url.path, source: "\(file) (sheet `\(sheet)`)") : XLSXMergedCells()
        do {
            return (try XMLPullReader(path: url.path, source: "\(file) (sheet `\(sheet)`)"), merged)
        } catch {
            throw .workbook(file: file, message: "\(error)")
        }
    }

    /// The sheets in workbook order (name, relationship id) and whether dates count from 1904.
    private static func sheets(_ xml: Data, file: String) throws(ExportReadError) -> ([(name: String, relationship: String)], Bool) {
        var sheets: [(name: String, relationship: String)] = []
        var is1904 = false
        do {
            let reader = try XMLPullReader(data: xml, source: "\(file) (xl/workbook.xml)")
            while try reader.read() {
                guard reader.kind == .element else { continue }
                if reader.isNamed("sheet"), let name = reader.attribute("name"), let id = reader.attribute("r:id") {
                    sheets.append((name, id))
                } else if reader.isNamed("workbookPr"), let flag = reader.attribute("date1904") {
                    is1904 = flag == "1" || flag == "true"
                }
            }
        } catch {
            throw .workbook(file: file, message: "xl/workbook.xml is not readable: \(error)")
        }
        return (sheets, is1904)
    }

    private struct Relationships {
        var byID: [String: String] = [:]
        /// Target by the end of its type URI (`/sharedStrings`, `/styles`), resolved.
        var byTypeSuffix: [String: String] = [:]
    }

    private static func relationships(_ xml: Data, file: String) throws(ExportReadError) -> Relationships {
        var result = Relationships()
        do {
            let reader = try XMLPullReader(data: xml, source: "\(file) (xl/_rels/workbook.xml.rels)")
            while try reader.read() {
                guard reader.kind == .element else { continue }
                guard reader.isNamed("Relationship"), let id = reader.attribute("Id"), let target = reader.attribute("Target") else { continue }
                result.byID[id] = target
                if let type = reader.attribute("Type"), let slash = type.lastIndex(of: "/") {
                    result.byTypeSuffix[String(type[slash...])] = resolve(target)
                }
            }
        } catch {
            throw .workbook(file: file, message: "xl/_rels/workbook.xml.rels is not readable: \(error)")
        }
        return result
    }

    // MARK: Rows

    private struct Row {
        var number: Int
        /// (column index, text) of non-empty cells, in sheet order.
        var cells: [(column: Int, text: String)]
        var problem: MessageText?
    }

    /// Reads the header row — the first row that names the posting column, among the first
    /// ``ExportHeader/maxTitleRows`` non-empty rows — and returns its row number.
    private mutating func readHeader() throws(ExportReadError) -> Int {
        var titleRows: [ExportHeaderRow.TitleRow] = []
        var first: ExportHeader?
        while true {
            guard let row = try nextRow(wanted: nil) else {
                guard let first else { throw .noHeader(file: "\(displayName) (sheet `\(sheetName)`)") }
                _ = try first.checkedPostingField(file: displayName, mapping: mapping)
                throw .missingPostingColumn(file: displayName, headers: first.names.filter { !$0.isEmpty })
            }
            if let problem = row.problem {
                throw .malformed(file: displayName, line: row.number, message: "header row: \(problem.english)")
            }
            guard !row.cells.isEmpty else { continue }
            let width = (row.cells.map(\.column).max() ?? -1) + 1
            var names = [String](repeating: "", count: width)
            for cell in row.cells { names[cell.column] = cell.text.trimmingCharacters(in: .whitespaces) }
            let header = ExportHeader(names: names, mapping: mapping)
            if header.postingField == nil, titleRows.count < ExportHeader.maxTitleRows {
                if first == nil { first = header }
                titleRows.append(.init(line: row.number, text: names.filter { !$0.isEmpty }.joined(separator: " ")))
                continue
            }
            // No row names the posting column: the first row is the header the sheet lacks.
            let chosen = header.postingField == nil ? first ?? header : header
            postingField = try chosen.checkedPostingField(file: displayName, mapping: mapping)
            headers = chosen.names
            columnOfField = chosen.columnOfField
            headerRow = ExportHeaderRow(line: row.number, titleRows: titleRows)
            return row.number
        }
    }

    public mutating func next() throws(ExportReadError) -> ExportItem? {
        while var row = try nextRow(wanted: columnOfField) {
            mergedCells.fill(row: row.number, cells: &row.cells)
            let posting = row.cells.first { $0.column == postingField }?.text
            if let problem = row.problem {
                return .malformed(MalformedRow(line: row.number, reason: problem, postingNumber: posting))
            }
            if row.cells.allSatisfy({ $0.text.isBlankExportField }) { continue }
            var record = ExportRecord(line: row.number)
            for cell in row.cells where cell.column < columnOfField.count {
                let column = columnOfField[cell.column]
                guard column >= 0 else { continue }
                record.values[column] = cell.text.trimmedExportField
            }
            return .record(record)
        }
        return nil
    }

    /// The next `<row>`, with the text of the cells in `wanted` columns (all cells when nil).
    private mutating func nextRow(wanted: [Int]?) throws(ExportReadError) -> Row? {
        guard !finished else { return nil }
        do {
            while try stream.read() {
                guard stream.kind == .element, stream.isNamed("row") else {
                    if stream.kind == .endElement, stream.isNamed("sheetData") { finished = true; return nil }
                    continue
                }
                let number = stream.attribute("r").flatMap { Int($0) } ?? nextRowNumber
                nextRowNumber = number + 1
                var row = Row(number: number, cells: [])
                if stream.isEmptyElement { return row }
                try readCells(into: &row, wanted: wanted)
                return row
            }
        } catch let error as ExportReadError {
            throw error
        } catch {
            throw .workbook(file: displayName, message: "sheet `\(sheetName)` is not readable XML: \(error)")
        }
        finished = true
        return nil
    }

    /// Reads the cells up to `</row>`.
    private func readCells(into row: inout Row, wanted: [Int]?) throws {
        var column = -1
        var cellCount = 0
        while try stream.read() {
            switch stream.kind {
            case .endElement where stream.isNamed("row"):
                return
            case .element where stream.isNamed("c"):
                cellCount += 1
                if cellCount > Self.maxColumns {
                    throw ExportReadError.malformed(file: displayName, line: row.number,
                                                    message: "row \(row.number) has more than \(Self.maxColumns) cells, Excel's own limit")
                }
                let reference = stream.attribute("r")
                if let reference {
                    guard let index = Self.columnIndex(reference), index < Self.maxColumns else {
                        row.problem = MessageText("row.cellReference", ["reference": .data(ExportTextDecoder.printable(reference))])
                        try skipCell()
                        continue
                    }
                    column = index
                } else {
                    column += 1
                }
                let needed = wanted.map { column < $0.count && $0[column] >= 0 } ?? true
                if stream.isEmptyElement { continue }
                guard needed else { try skipCell(); continue }
                let type = stream.attribute("t") ?? "n"
                let style = stream.attribute("s").flatMap { Int($0) } ?? 0
                let raw = try cellContent()
                guard let raw else { continue }
                switch Self.cellText(raw: raw, type: type, style: style, shared: sharedStrings, styles: styles, date1904: date1904) {
                case .success(let text):
                    if !text.isEmpty { row.cells.append((column, text)) }
                case .failure(let problem):
                    row.problem = MessageText(reference == nil ? "row.cellInColumn" : "row.cell", [
                        "reference": .data(reference ?? ""), "column": .data(String(column + 1)), "problem": .text(problem.message),
                    ])
                }
            default:
                continue
            }
        }
    }

    /// Skips to the end of the current `<c>` element.
    private func skipCell() throws {
        guard !stream.isEmptyElement else { return }
        while try stream.read() {
            if stream.kind == .endElement, stream.isNamed("c") { return }
        }
    }

    /// The text inside a `<c>`: its `<v>`, or the `<t>` runs of its inline string; formulas
    /// (`<f>`) are left out (their cached value is the `<v>`).
    private func cellContent() throws -> String? {
        var value: String?
        var inValue = false, inText = false, phonetic = 0
        while try stream.read() {
            switch stream.kind {
            case .element:
                if stream.isNamed("v") || stream.isNamed("t") {
                    if stream.isNamed("v") { inValue = !stream.isEmptyElement } else { inText = !stream.isEmptyElement }
                    if value == nil { value = "" }
                } else if stream.isNamed("rPh"), !stream.isEmptyElement {
                    phonetic += 1
                }
            case .text:
                if inValue || (inText && phonetic == 0) {
                    let text = stream.value
                    if let before = value, !before.isEmpty { value = before + text } else { value = text }
                }
            case .endElement:
                if stream.isNamed("c") { return value }
                if stream.isNamed("v") { inValue = false }
                if stream.isNamed("t") { inText = false }
                if stream.isNamed("rPh") { phonetic = max(0, phonetic - 1) }
            case .other:
                break
            }
        }
        return value
    }

    /// `AB12` → 27 (0-based column); nil when not a cell reference.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard letters < 3 else { return nil }
                index = index * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard letters < 3 else { return nil }
                index = index * 26 + Int(byte - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letters > 0 else { return nil }
            case UInt8(ascii: "$"):
                continue
            default:
                return nil
            }
        }
        return letters > 0 ? index - 1 : nil
    }

    struct CellProblem: Error { var message: MessageText }

    /// What a cell shows, as text the audit reads like a CSV field.
    static func cellText(raw: String, type: String, style: Int, shared: XLSXSharedStrings, styles: XLSXStyles,
                         date1904: Bool) -> Result<String, CellProblem> {
        switch type {
        case "s":
            guard let index = sharedIndex(raw), let text = shared[index] else {
                return .failure(CellProblem(message: MessageText("row.sharedStringMissing", [
                    "index": .data(ExportTextDecoder.printable(raw)), "count": .data(String(shared.count)),
                ])))
            }
            return .success(text)
        case "inlineStr", "str", "e", "d":
            return .success(raw)
        case "b":
            return .success(raw == "1" ? "true" : raw == "0" ? "false" : raw)
        default:
            let number = raw.trimmedExportField
            if number.isEmpty { return .success("") }
            if styles.isDate(style), let date = ExcelSerialDate.iso(number, date1904: date1904) { return .success(date) }
            return .success(plainNumber(number))
        }
    }

    /// A number as its digits: `8.51713E+09` written by some tools as `8517130000`, `1.0` as `1`;
    /// anything else as written (so `1390.5` stays `1390.5`).
    /// (Looked at as bytes: a sheet has millions of number cells, and walking them as
    /// `Character`s cost more than reading them.)
    static func plainNumber(_ text: String) -> String {
        let bytes = text.utf8
        if bytes.contains(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }),
           let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
            return "\(decimal)"
        }
        if bytes.count >= 2, bytes.last == UInt8(ascii: "0"), bytes[bytes.index(bytes.endIndex, offsetBy: -2)] == UInt8(ascii: ".") {
            return String(text.dropLast(2))
        }
        return text
    }

    /// The index of a shared-string cell (`<v> 12 </v>`: digits, spaces around them allowed),
    /// read from its bytes; nil when it is not one.
    static func sharedIndex(_ raw: String) -> Int? {
        var index = 0, digits = 0, trailing = false
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard !trailing, digits < 10 else { return nil }
                index = index * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: " "), 0x09, 0x0A, 0x0D:
                if digits > 0 { trailing = true }
            default:
                return nil
            }
        }
        return digits > 0 ? index : nil
    }
}
