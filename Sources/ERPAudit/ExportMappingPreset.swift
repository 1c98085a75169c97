/// The mapping presets shipped in the binary (`--mapping dianxiaomi`, listed by
/// `faktura audit --mappings`): the column names and status values of the exports that
/// Chinese Ozon sellers' ERPs and Ozon's seller centre write.
///
/// Each preset is YAML in the same form as a mapping file, embedded as Swift source so the
/// installed tool needs no resource files. Its opening comment says where its names come from
/// and which columns are traps. A preset lists every header its ERP may write; an export holds
/// only the columns its user chose, so a preset key missing from the export is not an error
/// (a mapping file's is).
public enum ExportMappingPreset: String, CaseIterable, Sendable {
    case dianxiaomi
    case mabang
    case tongtool
    case lingxing
    case ozonSeller = "ozon-seller"
    case ozonSellerChinese = "ozon-seller-zh"

    /// One line for `--mappings`.
    public var summary: String {
        switch self {
        case .dianxiaomi: "店小秘 (Dianxiaomi) order export, Chinese headers"
        case .mabang: "马帮 (Mabang ERP) order export, Chinese headers"
        case .tongtool: "通途 (Tongtool) order export, Chinese headers"
        case .lingxing: "领星 (Lingxing ERP) order export, Chinese headers"
        case .ozonSeller: "Ozon seller centre: postings report (CSV/XLSX), Russian headers"
        case .ozonSellerChinese: "Ozon seller centre: postings report (CSV/XLSX), Chinese headers"
        }
    }

    /// The preset's text (YAML, the mapping-file form).
    public var yaml: String {
        switch self {
        case .dianxiaomi: Self.dianxiaomiYAML
        case .mabang: Self.mabangYAML
        case .tongtool: Self.tongtoolYAML
        case .lingxing: Self.lingxingYAML
        case .ozonSeller: Self.ozonSellerYAML
        case .ozonSellerChinese: Self.ozonSellerChineseYAML
        }
    }
}
