import Foundation
import Yams

/// Reads the text of a mapping file (YAML, of which JSON is a subset) into its two tables,
/// accepting only the small part of YAML a mapping needs.
///
/// A mapping file comes from the user or from anywhere the user downloaded it, so it is read
/// as hostile input:
/// - at most ``maxBytes`` bytes, checked before the YAML parser sees them;
/// - the text is composed into a node tree (libyaml's nesting limit of 1000 applies) and never
///   through Yams' `Constructor`, which force-unwraps keys (a sequence as a key traps) and
///   expands every alias (a 400-byte "billion laughs" file grows to gigabytes);
/// - any anchor (`&name`) or alias (`*name`) is refused: composing keeps an alias as the
///   anchored node, so the refusal comes before anything is expanded;
/// - keys and values must be scalars, and at most ``maxEntries`` entries are read.
enum MappingFileReader {
    /// Presets are a few KiB; a real mapping file never comes near this.
    static let maxBytes = 256 * 1024
    /// Entries over both tables.
    static let maxEntries = 5_000

    struct Tables {
        /// (user header, canonical column name) in file order.
        var columns: [(key: String, value: String, line: Int)] = []
        /// (user status value, canonical status) in file order.
        var statuses: [(key: String, value: String, line: Int)] = []
    }

    static func read(_ data: Data, source: String) throws(ExportMappingError) -> Tables {
        guard data.count <= maxBytes else {
            throw .refused(file: source, line: nil,
                           reason: "the file is larger than \(maxBytes) bytes, the most a mapping file may hold")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid(file: source, message: "not UTF-8 text")
        }
        // The parser owns the anchors; Yams' nodes hold them weakly, so it must outlive the walk.
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: text)
            root = try parser.singleRoot()
        } catch {
            throw .invalid(file: source, message: "not valid YAML or JSON: \(error)")
        }
        return try withExtendedLifetime(parser) { () throws(ExportMappingError) -> Tables in
            guard let root else {
                throw .invalid(file: source, message: "the file is empty; expected keys `columns` and optionally `statuses`")
            }
            try refuseAnchor(root, source: source)
            guard case .mapping(let top) = root else {
                throw .invalid(file: source, message: "expected a mapping with keys `columns` and optionally `statuses`")
            }
            var tables = Tables()
            for (keyNode, valueNode) in top {
                let key = try scalarKey(keyNode, source: source, path: "")
                try refuseAnchor(valueNode, source: source)
                switch key {
                case "columns":
                    tables.columns = try table(valueNode, name: "columns", source: source,
                                               budget: maxEntries - tables.statuses.count)
                case "statuses":
                    tables.statuses = try table(valueNode, name: "statuses", source: source,
                                                budget: maxEntries - tables.columns.count)
                default:
                    throw .invalid(file: source, message: "unknown key `\(key)`; expected `columns` and `statuses`")
                }
            }
            return tables
        }
    }

    private static func table(_ node: Node, name: String, source: String,
                              budget: Int) throws(ExportMappingError) -> [(key: String, value: String, line: Int)] {
        if case .scalar(let scalar) = node, ["", "null", "~"].contains(scalar.string) {
            return []
        }
        guard case .mapping(let mapping) = node else {
            throw .invalid(file: source, message: "`\(name)` must map your names to canonical ones (`your name: canonical_name`)")
        }
        guard mapping.count <= budget else {
            throw .refused(file: source, line: line(node),
                           reason: "`\(name)` has \(mapping.count) entries; a mapping file may hold at most \(maxEntries)")
        }
        var entries: [(key: String, value: String, line: Int)] = []
        for (keyNode, valueNode) in mapping {
            let key = try scalarKey(keyNode, source: source, path: "\(name).")
            try refuseAnchor(valueNode, source: source)
            guard case .scalar(let value) = valueNode else {
                throw .refused(file: source, line: line(valueNode),
                               reason: "\(name).\(key): the value is a \(kind(valueNode)); expected a canonical name")
            }
            entries.append((key, value.string, line(keyNode) ?? 0))
        }
        return entries
    }

    /// A key must be a plain scalar: YAML allows sequences and mappings as keys, a mapping file does not.
    private static func scalarKey(_ node: Node, source: String, path: String) throws(ExportMappingError) -> String {
        try refuseAnchor(node, source: source)
        guard case .scalar(let scalar) = node else {
            throw .refused(file: source, line: line(node),
                           reason: "a \(kind(node)) used as a key under `\(path.isEmpty ? "the top level" : String(path.dropLast()))`; "
                               + "keys must be plain text (a header or status name)")
        }
        return scalar.string
    }

    /// Anchors are refused wherever they stand: an alias always points at an anchored node, so
    /// this one check on each node reached also catches every alias before it is followed.
    private static func refuseAnchor(_ node: Node, source: String) throws(ExportMappingError) {
        let anchor: Anchor?
        switch node {
        case .scalar(let scalar): anchor = scalar.anchor
        case .mapping(let mapping): anchor = mapping.anchor
        case .sequence(let sequence): anchor = sequence.anchor
        case .alias: anchor = nil
        }
        if case .alias = node {
            throw .refused(file: source, line: line(node), reason: "YAML aliases (*name) are not accepted in mapping files")
        }
        if let anchor {
            throw .refused(file: source, line: line(node),
                           reason: "YAML anchors and aliases (&\(anchor.rawValue), *\(anchor.rawValue)) are not accepted in mapping files; "
                               + "write each entry out")
        }
    }

    private static func line(_ node: Node) -> Int? {
        node.mark.map { $0.line }
    }

    private static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: "text"
        case .mapping: "mapping"
        case .sequence: "sequence"
        case .alias: "alias"
        }
    }
}
