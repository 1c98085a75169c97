/// Where a CSV or XLSX export's header row is, and the rows above it that were read as the
/// file's title (named in the report, never read as data).
public struct ExportHeaderRow: Sendable, Hashable, Codable {
    /// A non-empty row above the header.
    public struct TitleRow: Sendable, Hashable, Codable {
        /// The physical line (CSV) or the sheet's row number (XLSX).
        public var line: Int
        /// Its non-empty cells, joined by a space.
        public var text: String

        public init(line: Int, text: String) {
            self.line = line
            self.text = text
        }
    }

    /// The header's physical line (CSV) or row number (XLSX).
    public var line: Int
    public var titleRows: [TitleRow]

    public init(line: Int, titleRows: [TitleRow] = []) {
        self.line = line
        self.titleRows = titleRows
    }
}
