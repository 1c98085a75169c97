/// A header row of a CSV or XLSX export read through a mapping: which field feeds which
/// canonical column. Both readers decide with it which of the file's first rows is the header.
struct ExportHeader {
    /// Rows a file may carry above its header (a report's title, its period): Ozon's seller-centre
    /// workbook puts its header on row 2. The header is the first row that names the posting
    /// column; after this many rows without one, the first row is taken (and refused for lacking it).
    static let maxTitleRows = 10

    /// The header as written (trimmed), for messages.
    let names: [String]
    /// For each field, the canonical column's index, or -1 when it is not audited.
    private(set) var columnOfField: [Int] = []
    /// The field of the posting number, when some header maps onto it.
    private(set) var postingField: Int?
    /// The first two headers that map onto one column.
    private var duplicate: (column: String, headers: [String])?

    init(names: [String], mapping: ExportMapping) {
        self.names = names
        var seen: [ExportColumn: String] = [:]
        for name in names {
            guard !name.isEmpty, let column = mapping.column(forHeader: name) else {
                columnOfField.append(-1)
                continue
            }
            if let earlier = seen[column] {
                if duplicate == nil { duplicate = (column.rawValue, [earlier, name]) }
            } else {
                seen[column] = name
            }
            columnOfField.append(column.index)
        }
        postingField = columnOfField.firstIndex(of: ExportColumn.postingNumber.index)
    }

    /// The posting number's field, once the header passes what every export's header must:
    /// one header per column, every key of a mapping file present, a posting column.
    func checkedPostingField(file: String, mapping: ExportMapping) throws(ExportReadError) -> Int {
        if let duplicate {
            throw .duplicateColumn(file: file, column: duplicate.column, headers: duplicate.headers)
        }
        if let misses = UnmatchedMappingKey.check(mapping, headers: names) {
            throw .unmatchedMappingKeys(file: file, mapping: mapping.source, keys: misses)
        }
        guard let postingField else {
            throw .missingPostingColumn(file: file, headers: names.filter { !$0.isEmpty })
        }
        return postingField
    }
}
