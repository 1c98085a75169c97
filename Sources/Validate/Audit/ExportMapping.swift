public import Foundation
import Yams

/// Renames a user's export columns (Chinese, Russian or English headers, or JSON keys) onto
/// the canonical ones, and a user's status values onto Ozon's.
///
/// A mapping file is YAML or JSON:
///
/// ```yaml
/// columns:            # the user's header: the canonical column
///   订单号: order_number
///   Номер отправления: posting_number
/// statuses:           # the user's status value: the canonical status
///   待付款: awaiting_payment
/// ```
///
/// Headers are matched after trimming and ignoring case; canonical names are always
/// recognised too, so a mapping only needs the columns that differ.
public struct ExportMapping: Sendable, Hashable {
    /// Normalised user header → canonical column.
    public private(set) var columns: [String: ExportColumn]
    /// Normalised user status → canonical status.
    public private(set) var statuses: [String: String]

    public init(columns: [String: ExportColumn] = [:], statuses: [String: String] = [:]) {
        self.columns = Dictionary(columns.map { (Self.normalized($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.statuses = Dictionary(statuses.map { (Self.normalized($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// No renaming: canonical headers only.
    public static let identity = ExportMapping()

    /// The canonical column for a header or JSON key, or nil when it is not audited.
    public func column(forHeader header: String) -> ExportColumn? {
        if let mapped = columns[Self.normalized(header)] { return mapped }
        return ExportColumn(header: header)
    }

    /// The canonical status for a status value: mapped, else lower-cased as Ozon writes it.
    public func status(_ value: String) -> String {
        let key = Self.normalized(value)
        return statuses[key] ?? key
    }

    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Loads a mapping file (`.json`, `.yaml` or `.yml`; the content decides).
    public init(contentsOf url: URL) throws(ExportMappingError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: url.path, message: error.localizedDescription)
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses mapping text (YAML, of which JSON is a subset).
    public init(data: Data, source: String) throws(ExportMappingError) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid(file: source, message: "not UTF-8 text")
        }
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw .invalid(file: source, message: "not valid YAML or JSON: \(error)")
        }
        guard let top = root as? [String: Any] else {
            throw .invalid(file: source, message: "expected a mapping with keys `columns` and optionally `statuses`")
        }
        for key in top.keys where key != "columns" && key != "statuses" {
            throw .invalid(file: source, message: "unknown key `\(key)`; expected `columns` and `statuses`")
        }
        var columns: [String: ExportColumn] = [:]
        if let raw = top["columns"] {
            guard let table = raw as? [String: Any] else {
                throw .invalid(file: source, message: "`columns` must map your header names to canonical column names")
            }
            for (header, value) in table.sorted(by: { $0.key < $1.key }) {
                guard let name = value as? String, let column = ExportColumn(header: name) else {
                    let names = ExportColumn.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .invalid(file: source, message: "columns.\(header): `\(value)` is not a canonical column (one of \(names))")
                }
                columns[header] = column
            }
        }
        var statuses: [String: String] = [:]
        if let raw = top["statuses"] {
            guard let table = raw as? [String: Any] else {
                throw .invalid(file: source, message: "`statuses` must map your status values to canonical statuses")
            }
            for (value, canonical) in table {
                guard let name = canonical as? String, !name.isEmpty else {
                    throw .invalid(file: source, message: "statuses.\(value): expected a status name such as awaiting_packaging")
                }
                statuses[value] = name.lowercased()
            }
        }
        self.init(columns: columns, statuses: statuses)
    }
}

/// Why a mapping file could not be loaded (the audit exits with status 2).
public enum ExportMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, message: String)
    case invalid(file: String, message: String)

    public var description: String {
        switch self {
        case let .unreadable(file, message): return "\(file): cannot read the mapping file: \(message)"
        case let .invalid(file, message): return "\(file): invalid mapping file: \(message)"
        }
    }
}
