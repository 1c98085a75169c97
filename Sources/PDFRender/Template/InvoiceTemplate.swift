import Foundation

/// A parsed, validated layout template (see `templates/template.xsd`).
///
/// Obtain one from ``TemplateCatalog``; it is immutable and can be shared across tasks.
public struct InvoiceTemplate: Sendable, Hashable {
    /// The template's `name` attribute (`commercial-invoice`).
    public let name: String
    /// Where the template was read from (a path, or a built-in name).
    public let source: String
    let title: String?
    let page: PageSetup
    let continuation: TextBlock?
    let body: [Block]
    let footer: TextBlock?
}

struct PageSetup: Sendable, Hashable {
    var width: Double
    var height: Double
    var margin: Double
    var fontSize: Double
    var numbers: NumberStyle
}

enum NumberStyle: String, Sendable, Hashable {
    case ru, en, plain
}

enum Alignment: String, Sendable, Hashable {
    case left, center, right
}

/// Text with `{key}` / `{key|fallback}` placeholders, split once at load time.
struct TextPattern: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case literal(String)
        case field(key: String, ref: FieldRef, fallback: String?)
    }

    let pieces: [Piece]

    var keys: [String] {
        pieces.compactMap { if case let .field(key, _, _) = $0 { return key } else { return nil } }
    }

    /// Parses placeholders; returns nil with a message when braces do not pair up.
    static func parse(_ text: String) -> Result<TextPattern, PatternError> {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{" {
                guard let close = text[index...].firstIndex(of: "}") else {
                    return .failure(PatternError(message: "'{' without a closing '}' in \"\(text)\""))
                }
                let inner = text[text.index(after: index)..<close]
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                let key = parts[0].trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty else { return .failure(PatternError(message: "empty placeholder {} in \"\(text)\"")) }
                pieces.append(.field(key: key, ref: InvoiceFields.reference(key), fallback: parts.count > 1 ? String(parts[1]) : nil))
                index = text.index(after: close)
            } else if character == "}" {
                return .failure(PatternError(message: "'}' without an opening '{' in \"\(text)\""))
            } else {
                literal.append(character)
                index = text.index(after: index)
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return .success(TextPattern(pieces: pieces))
    }

    struct PatternError: Error { let message: String }
}

struct TextStyle: Sendable, Hashable {
    var size: Double?
    var bold: Bool
    var align: Alignment
}

struct TextBlock: Sendable, Hashable {
    var text: TextPattern
    var style: TextStyle
}

struct Condition: Sendable, Hashable {
    var ifKey: String?
    var spaceBefore: Double
}

indirect enum Block: Sendable, Hashable {
    case text(TextBlock, Condition)
    case spacer(Double)
    case rule(width: Double, Condition)
    case fields(FieldsBlock, Condition)
    case row(RowBlock, Condition)
    case table(TableBlock, Condition)
    case signature(SignatureBlock, Condition)
    case image(ImageBlock, Condition)
}

struct FieldsBlock: Sendable, Hashable {
    struct Field: Sendable, Hashable {
        var label: TextPattern
        var value: TextPattern
        var reference: String?
        var ifKey: String?
        var bold: Bool
    }

    var labelWidth: Double
    var size: Double?
    var underline: Bool
    var fields: [Field]
}

struct RowBlock: Sendable, Hashable {
    struct Cell: Sendable, Hashable {
        var width: Double
        var border: Bool
        var blocks: [Block]
    }

    var gap: Double
    var cells: [Cell]
}

enum TableSource: String, Sendable, Hashable {
    case lines, vat
}

struct TableBlock: Sendable, Hashable {
    struct Column: Sendable, Hashable {
        var header: String
        var width: Double
        var align: Alignment
        var number: String?
        var value: TextPattern
        var total: TextPattern?
        /// Left out of the table when its placeholders are empty on every row (`omit-empty`).
        var omitEmpty = false
    }

    var source: TableSource
    var size: Double?
    var headerSize: Double?
    var totalLabel: String?
    var columnNumbers: Bool
    var columns: [Column]
}

struct SignatureBlock: Sendable, Hashable {
    var label: String
    var caption: String?
    var value: TextPattern
    var labelWidth: Double?
}

struct ImageBlock: Sendable, Hashable {
    var image: EmbeddedImageSource
    var width: Double
    var height: Double
    var align: Alignment
}
