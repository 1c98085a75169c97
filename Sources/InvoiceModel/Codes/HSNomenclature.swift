public import Foundation

/// A table of the HS subheadings that exist, loaded from a user's CSV (such as the HS 2022 list),
/// against which invoice codes are checked (`HS_CODE_UNKNOWN`).
///
/// ```swift
/// let table = try HSNomenclature(csv: "hscode,description\n851713,Smartphones\n", source: "hs.csv")
/// table.contains(subheading: "851713")   // true
/// ```
public struct HSNomenclature: Sendable {
    /// Header names taken as the code column, compared case-insensitively.
    static let codeColumnNames: Set<String> = ["hscode", "code", "hs_code", "hs"]

    /// Where the table came from (a path, or a name given by the caller), for messages.
    public let source: String
    private let subheadings: Set<String>

    /// Reads a CSV with a header row. The code column is the one named `hscode`, `code`,
    /// `hs_code` or `hs`, else the first column whose values are all digits. Every code of
    /// six or more digits contributes its first six (its subheading); shorter codes (chapters,
    /// headings) and non-numeric values such as a `TOTAL` row are skipped.
    public init(csv: String, source: String) throws(HSNomenclatureError) {
        let records: [(line: Int, fields: [String])]
        do {
            records = try CSVRecords.parse(csv)
        } catch {
            throw .malformed(source: source, line: error.line, reason: error.reason)
        }
        guard let header = records.first else { throw .empty(source: source) }
        let rows = records.dropFirst()
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let column: Int
        if let named = names.firstIndex(where: Self.codeColumnNames.contains) {
            column = named
        } else if let numeric = Self.firstNumericColumn(rows.map(\.fields), width: names.count) {
            column = numeric
        } else {
            throw .noCodeColumn(source: source, header: header.fields)
        }
        var found = Set<String>()
        for row in rows where column < row.fields.count {
            let code = HSCode.normalize(row.fields[column])
            guard code.count >= 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            found.insert(String(code.prefix(6)))
        }
        guard !found.isEmpty else { throw .empty(source: source) }
        self.source = source
        self.subheadings = found
    }

    /// Reads the CSV file at `url` (UTF-8).
    public init(contentsOf url: URL) throws(HSNomenclatureError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: url.path, reason: "the file is not UTF-8 text")
        }
        try self.init(csv: text, source: url.path)
    }

    /// Whether the 6-digit subheading exists; a longer code is looked up by its first six digits.
    public func contains(subheading: String) -> Bool {
        let code = HSCode.normalize(subheading)
        guard code.count >= 6 else { return false }
        return subheadings.contains(String(code.prefix(6)))
    }

    /// How many distinct subheadings the table holds.
    public var subheadingCount: Int { subheadings.count }

    private static func firstNumericColumn(_ rows: [[String]], width: Int) -> Int? {
        (0..<width).first { column in
            var sawValue = false
            for row in rows where column < row.count {
                let value = HSCode.normalize(row[column])
                if value.isEmpty { continue }
                guard value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                sawValue = true
            }
            return sawValue
        }
    }
}

/// Why a nomenclature table could not be loaded.
public enum HSNomenclatureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read or is not UTF-8 text.
    case unreadable(path: String, reason: String)
    /// No column is named like a code column and none holds only digits.
    case noCodeColumn(source: String, header: [String])
    /// No header, or no code of six or more digits.
    case empty(source: String)
    /// The CSV itself is broken (an unclosed quote, text after a closing quote).
    case malformed(source: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the HS nomenclature table \(path): \(reason)"
        case .noCodeColumn(let source, let header):
            "\(source): no code column; name one of hscode, code, hs_code, hs, or put the codes in an all-digit column (header: \(header.joined(separator: ", ")))"
        case .empty(let source):
            "\(source): the HS nomenclature table holds no code of 6 or more digits"
        case .malformed(let source, let line, let reason):
            "\(source):\(line): malformed CSV: \(reason)"
        }
    }
}
