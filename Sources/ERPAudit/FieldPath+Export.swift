public import Findings

extension FieldPath {
    /// An export's column, as findings about a whole posting name it: `hs_code`.
    public static func column(_ column: ExportColumn) -> FieldPath { .key(column.rawValue) }

    /// A column of one of the export's lines: `line 17 hs_code`.
    public static func line(_ number: Int, _ column: ExportColumn) -> FieldPath { .line(number).key(column.rawValue) }
}
