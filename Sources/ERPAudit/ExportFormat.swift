public import Foundation

/// The export formats. A file is told by its content, never by its name (docs/erp-exports.md):
/// an XLSX saved as `orders.csv` is read as a workbook.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, xlsx, json, xml

    /// The largest XML export read (it is parsed whole) and the largest workbook copied from standard input.
    static let maxXMLBytes = 256 << 20
    static let maxWorkbookBytes = 1 << 30

    /// What the reader needs besides the input.
    public struct ReadOptions: Sendable {
        public var mapping: ExportMapping
        /// nil: detected from the bytes.
        public var encoding: ExportEncoding?
        /// nil: the workbook's first sheet.
        public var sheet: String?

        public init(mapping: ExportMapping = .identity, encoding: ExportEncoding? = nil, sheet: String? = nil) {
            self.mapping = mapping
            self.encoding = encoding
            self.sheet = sheet
        }
    }

    /// The format of the file's bytes.
    public static func detect(_ url: URL) throws(ExportReadError) -> ExportFormat {
        try ExportInput(path: url.path).sniffFormat()
    }

    /// A reader for the export.
    public static func reader(for url: URL, format: ExportFormat? = nil,
                              mapping: ExportMapping = .identity) throws(ExportReadError) -> any ExportReader {
        try reader(path: url.path, format: format, options: ReadOptions(mapping: mapping))
    }

    /// A reader for the export at `path`, or for standard input when `path` is `-`.
    public static func reader(path: String, format: ExportFormat? = nil,
                              options: ReadOptions) throws(ExportReadError) -> any ExportReader {
        let input = try ExportInput(path: path)
        let chosen: ExportFormat
        if let format { chosen = format } else { chosen = try input.sniffFormat() }
        if let sheet = options.sheet, chosen != .xlsx {
            throw .unreadable(file: input.displayName, message: "--sheet \(sheet) names a workbook sheet, but this export is \(chosen.rawValue.uppercased()), not a workbook")
        }
        switch chosen {
        case .csv:
            return try CSVExportReader(source: input.textSource(encoding: options.encoding), mapping: options.mapping)
        case .json:
            return try JSONExportReader(source: input.textSource(encoding: options.encoding), mapping: options.mapping)
        case .xml:
            let data = try input.allBytes(limit: maxXMLBytes)
            return try XMLExportReader(data: data, source: input.displayName, mapping: options.mapping)
        case .xlsx:
            let file = try input.seekableFile(limit: maxWorkbookBytes)
            return try XLSXExportReader(url: file.url, displayName: input.displayName, sheet: options.sheet,
                                        mapping: options.mapping, removeWhenDone: file.isTemporary)
        }
    }
}
