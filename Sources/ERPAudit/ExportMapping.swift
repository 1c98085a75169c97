public import Foundation
import InvoiceModel

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

    /// Normalised user headers mapped to ``ignoredColumnName``: never audited, even when their
    /// name is a canonical column's (领星's `SKU` is its local SKU, not Ozon's).
    public private(set) var ignoredHeaders: Set<String> = []

    /// The value that maps a header to no column (`SKU: ignore`).
    public static let ignoredColumnName = "ignore"

    /// The canonical column for a header or JSON key, or nil when it is not audited.
    public func column(forHeader header: String) -> ExportColumn? {
        let key = Self.normalized(header)
        if let mapped = columns[key] { return mapped }
        if ignoredHeaders.contains(key) { return nil }
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

    /// The user headers this mapping names, as written, for the check that each one matches a
    /// header of the export (a file's every key must; a preset's need not, see ``isPreset``).
    public private(set) var declaredHeaders: [String] = []
    /// Where the mapping came from: a file path or `preset NAME`, for messages.
    public private(set) var source: String = ""
    /// A shipped preset lists every header its ERP may write; an export holds only some.
    public private(set) var isPreset = false

    /// Loads a mapping file (`.json`, `.yaml` or `.yml`; the content decides), refusing files
    /// over ``MappingFileReader/maxBytes`` before reading them whole.
    public init(contentsOf url: URL) throws(ExportMappingError) {
        // A regular file only: a FIFO or a device named as the mapping would block or never end.
        let data: Data
        do {
            data = try RegularFile(path: url.path, maximumBytes: .max).read(upTo: MappingFileReader.maxBytes + 1)
        } catch {
            throw .unreadable(file: url.path, message: error.reason)
        }
        try self.init(data: data, source: url.path)
    }

    /// Parses mapping text (YAML, of which JSON is a subset; no anchors, aliases or non-text keys).
    public init(data: Data, source: String) throws(ExportMappingError) {
        let tables = try MappingFileReader.read(data, source: source)
        var columns: [String: ExportColumn] = [:]
        var ignored: Set<String> = []
        for entry in tables.columns {
            if entry.value == Self.ignoredColumnName {
                ignored.insert(Self.normalized(entry.key))
                continue
            }
            guard let column = ExportColumn(header: entry.value) else {
                let names = ExportColumn.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalid(file: source, message: "line \(entry.line): columns.\(entry.key): `\(entry.value)` is not a canonical column (one of \(names)) nor `\(Self.ignoredColumnName)`")
            }
            columns[entry.key] = column
        }
        var statuses: [String: String] = [:]
        for entry in tables.statuses {
            guard !entry.value.isEmpty else {
                throw .invalid(file: source, message: "line \(entry.line): statuses.\(entry.key): expected a status name such as awaiting_packaging")
            }
            statuses[entry.key] = entry.value.lowercased()
        }
        self.init(columns: columns, statuses: statuses)
        ignoredHeaders = ignored
        declaredHeaders = tables.columns.map(\.key)
        self.source = source
    }

    /// A shipped preset (``ExportMappingPreset``), parsed from its embedded text.
    public init(preset: ExportMappingPreset) {
        // The presets are tested to parse; a failure here is a bug in the package, not input.
        do {
            try self.init(data: Data(preset.yaml.utf8), source: "preset \(preset.rawValue)")
        } catch {
            preconditionFailure("shipped preset \(preset.rawValue) does not parse: \(error)")
        }
        isPreset = true
    }

    /// A preset by name, else a mapping file at that path.
    public init(nameOrPath: String) throws(ExportMappingError) {
        if let preset = ExportMappingPreset(rawValue: nameOrPath.lowercased()),
           !FileManager.default.fileExists(atPath: nameOrPath) {
            self.init(preset: preset)
            return
        }
        if !nameOrPath.contains("/"), !nameOrPath.contains("."), !FileManager.default.fileExists(atPath: nameOrPath) {
            throw .unknownPreset(name: nameOrPath, known: ExportMappingPreset.allCases.map(\.rawValue))
        }
        try self.init(contentsOf: URL(fileURLWithPath: nameOrPath))
    }

    /// Whether a status value is known: mapped by this mapping, or one of Ozon's own statuses.
    public func knowsStatus(_ value: String) -> Bool {
        let key = Self.normalized(value)
        return statuses[key] != nil || OzonPostingStatus(rawValue: key) != nil
    }

    /// The declared headers that match none of `headers` (after the same normalising as matching).
    public func unmatchedHeaders(among headers: [String]) -> [String] {
        guard !isPreset else { return [] }
        let present = Set(headers.map(Self.normalized))
        return declaredHeaders.filter { !present.contains(Self.normalized($0)) }
    }
}

/// Why a mapping file could not be loaded (the audit exits with status 2).
public enum ExportMappingError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(file: String, message: String)
    case invalid(file: String, message: String)
    /// The file uses something a mapping file may not (anchors, aliases, non-text keys, size).
    case refused(file: String, line: Int?, reason: String)
    case unknownPreset(name: String, known: [String])

    /// The message, with any control character from the file shown as an escape.
    public var description: String {
        ExportTextDecoder.printable(message)
    }

    private var message: String {
        switch self {
        case let .refused(file, line, reason):
            return "\(file)\(line.map { ":\($0)" } ?? ""): mapping file refused: \(reason)"
        case let .unknownPreset(name, known):
            return "no mapping preset or file named `\(name)`; presets: \(known.joined(separator: ", ")) (faktura audit --mappings lists them)"
        case let .unreadable(file, message): return "\(file): cannot read the mapping file: \(message)"
        case let .invalid(file, message): return "\(file): invalid mapping file: \(message)"
        }
    }
}
