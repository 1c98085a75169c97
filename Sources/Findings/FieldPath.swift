/// Where in a document a finding points: `lines[2].hsCode` in an invoice, `line 17 hs_code` in
/// an export, `invoice.xml lines[0].vatRate` inside a PDF's attachment. A path is built from
/// typed components (``key(_:)``, ``index(_:)``, ``line(_:)``, ``label(_:)``), so code that
/// needs to know which invoice line or which export row a finding is about reads the
/// components instead of taking the text apart; reports write the text (``description``), and
/// JSON holds the same text, so the report format does not depend on this type.
///
/// Two paths are the same place when they are written the same: equality and hashing go by
/// the text. A path read back from a report (``init(from:)``) or written as a fixed literal
/// (``init(stringLiteral:)``) therefore equals the typed path that wrote it.
public struct FieldPath: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        /// A member by name: `seller`, `hsCode`, or an export's column `hs_code`. Written after a
        /// dot when it follows a key or an index, after a space otherwise.
        case key(String)
        /// An element of a list, from 0: `[2]`.
        case index(Int)
        /// A line of the input file, from 1: `line 17` (an export's row, an XML file's line).
        case line(Int)
        /// A place named in words, written as it is after a space: a file inside the document
        /// (`invoice.xml`), an element path of an XML schema, a table row of a PDF.
        case label(String)
    }

    /// The steps, outermost first.
    public private(set) var components: [Component]

    /// A path of these steps.
    public init(_ components: [Component]) {
        self.components = components
    }

    // MARK: Typed constructors

    /// The member `name` at the top of the document: `FieldPath.key("lines")`.
    public static func key(_ name: String) -> FieldPath { FieldPath([.key(name)]) }

    /// Line `number` of the input file: `line 17`.
    public static func line(_ number: Int) -> FieldPath { FieldPath([.line(number)]) }

    /// A place named in words: `invoice.xml`.
    public static func label(_ text: String) -> FieldPath { FieldPath([.label(text)]) }

    /// This path's member `name`: `.key("seller").key("taxIds")` is `seller.taxIds`.
    public func key(_ name: String) -> FieldPath { appending(.key(name)) }

    /// This list's element `index`: `.key("lines").index(2)` is `lines[2]`.
    public func index(_ index: Int) -> FieldPath { appending(.index(index)) }

    /// This path followed by a place named in words.
    public func label(_ text: String) -> FieldPath { appending(.label(text)) }

    /// This path followed by `other`: `.label("invoice.xml").appending(finding.field)` points
    /// into a PDF's embedded invoice.
    public func appending(_ other: FieldPath?) -> FieldPath { FieldPath(components + (other?.components ?? [])) }

    private func appending(_ component: Component) -> FieldPath { FieldPath(components + [component]) }

    // MARK: Reading the components

    /// The first line number on the path (`line 17 hs_code` → 17), nil when it names none.
    public var lineNumber: Int? {
        for case .line(let number) in components { return number }
        return nil
    }

    /// The path without its first `count` components.
    public func dropFirst(_ count: Int) -> FieldPath { FieldPath(Array(components.dropFirst(count))) }

    // MARK: Text

    /// The path as reports write it.
    public var description: String {
        var text = ""
        var previous: Component?
        for component in components {
            switch component {
            case .key(let name):
                switch previous {
                case .key?, .index?: text += "." + name
                case nil: text += name
                default: text += " " + name
                }
            case .index(let index):
                text += "[\(index)]"
            case .line(let number):
                text += (previous == nil ? "" : " ") + "line \(number)"
            case .label(let label):
                text += (previous == nil ? "" : " ") + label
            }
            previous = component
        }
        return text
    }

    /// A fixed path written in the source: `"seller.taxIds"`, `"invoice_file"`. Meant for paths
    /// with no varying part; build paths that carry an index or a line number with the typed
    /// constructors, so that nothing has to take text apart to find them.
    public init(stringLiteral text: String) {
        self.init(text: text)
    }

    /// A path from its text, as a report wrote it: `line N` becomes a line, a JSON path
    /// (`a.b[2]`) keys and indexes, anything else labels. Used for literals and for reports read
    /// back; the result is always written exactly as `text`.
    public init(text: String) {
        var components: [Component] = []
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var position = 0
        while position < words.count {
            let word = words[position]
            if word == "line", position + 1 < words.count, let number = Int(words[position + 1]),
               String(number) == words[position + 1] {
                components.append(.line(number))
                position += 2
                continue
            }
            let startsSegment: Bool = switch components.last {
            case nil, .line?, .label?: true
            default: false
            }
            if startsSegment, let steps = Self.jsonSteps(word) {
                components += steps
            } else {
                components.append(.label(String(word)))
            }
            position += 1
        }
        let parsed = FieldPath(components)
        // A text the grammar cannot reproduce exactly stays one label, written as it came.
        self = parsed.description == text ? parsed : FieldPath([.label(text)])
    }

    /// `a.b[2].c` as keys and indexes; nil when `word` is not such a path.
    private static func jsonSteps(_ word: Substring) -> [Component]? {
        var steps: [Component] = []
        var rest = word[...]
        var expectsName = true
        while !rest.isEmpty {
            if rest.first == "[" {
                guard !expectsName, let close = rest.firstIndex(of: "]"),
                      let index = Int(rest[rest.index(after: rest.startIndex)..<close]) else { return nil }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else if rest.first == ".", !expectsName {
                rest = rest.dropFirst()
                expectsName = true
            } else if expectsName {
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard let first = name.first, first.isLetter || first == "_" else { return nil }
                steps.append(.key(String(name)))
                rest = rest.dropFirst(name.count)
                expectsName = false
            } else {
                return nil
            }
        }
        return expectsName ? nil : steps
    }

    // MARK: Equality, JSON

    public static func == (lhs: FieldPath, rhs: FieldPath) -> Bool { lhs.description == rhs.description }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Reads the path's text (``init(text:)``).
    public init(from decoder: any Decoder) throws {
        self.init(text: try decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the path's text, as reports always have.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension FieldPath: ExpressibleByStringInterpolation {
    /// A path written as interpolated text (`"lines[\(index)].hsCode"`): read as ``init(text:)``
    /// reads a report's text, so it has the same components as the typed path. Kept so that code
    /// written before paths were typed still compiles; the warning names each such place, to be
    /// rewritten with the typed constructors.
    @available(*, deprecated, message: "build a path with a varying part from FieldPath.key/index/line/label, so that nothing parses it back")
    public init(stringInterpolation: DefaultStringInterpolation) {
        self.init(text: String(stringInterpolation: stringInterpolation))
    }
}
