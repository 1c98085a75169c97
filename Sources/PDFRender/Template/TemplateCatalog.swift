public import Foundation
import FakturaXML
public import InvoiceModel

/// Finds and loads layout templates: the built-in ones in a `templates/` folder, or a
/// user's own file. Every template is validated against `template.xsd` from that folder,
/// then checked for placeholder keys the renderer does not know.
///
/// ```swift
/// let template = try TemplateCatalog.builtIn(named: "commercial-invoice")
/// let pdf = try InvoiceRenderer(template: template).render(invoice)
/// ```
public struct TemplateCatalog: Sendable {
    /// The folder holding `template.xsd` and the built-in `*.xml` templates.
    public let directory: URL

    /// Templates shipped with Faktura.
    public static let builtInNames = ["commercial-invoice", "ru-schet-faktura"]

    /// The built-in template an invoice gets when none is named: ru-schet-faktura for a
    /// Russian seller, commercial-invoice for any other.
    public static func defaultTemplateName(for invoice: Invoice) -> String {
        invoice.seller.isRussian ? "ru-schet-faktura" : "commercial-invoice"
    }

    /// The namespace of template files.
    public static let namespace = "urn:faktura:template:1"

    public init(directory: URL) {
        self.directory = directory
    }

    /// The built-in template folder: `$FAKTURA_TEMPLATES`, else `share/faktura/templates` beside
    /// the executable's `bin/` (an installed copy), else a `templates/` folder found walking up
    /// from the executable's directory, else `/usr/local/share/faktura/templates`.
    public static func locate() throws(RenderError) -> TemplateCatalog {
        let candidates = searchPath()
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("template.xsd").path) {
            return TemplateCatalog(directory: candidate)
        }
        throw RenderError.unknownTemplate(name: "template.xsd", known: builtInNames, searched: candidates.map(\.path))
    }

    static func searchPath() -> [URL] {
        var candidates: [URL] = []
        if let configured = ProcessInfo.processInfo.environment["FAKTURA_TEMPLATES"], !configured.isEmpty {
            candidates.append(URL(fileURLWithPath: configured))
        }
        // The running binary's real path (/proc/self/exe on Linux), not argv[0], which may be a bare name found in $PATH.
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ".")).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent().standardizedFileURL
        // `make install PREFIX=…` puts the binary in PREFIX/bin and the templates in PREFIX/share/faktura.
        candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/faktura/templates"))
        for _ in 0..<8 {
            candidates.append(folder.appendingPathComponent("templates"))
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        candidates.append(URL(fileURLWithPath: "/usr/local/share/faktura/templates"))
        return candidates
    }

    /// A built-in template by name, from the located folder.
    public static func builtIn(named name: String) throws(RenderError) -> InvoiceTemplate {
        try locate().template(named: name)
    }

    /// A user's template file, validated with the located folder's `template.xsd`.
    public static func load(contentsOf url: URL) throws(RenderError) -> InvoiceTemplate {
        try locate().load(contentsOf: url)
    }

    /// A template by built-in name, or by path when `nameOrPath` names a file.
    public static func resolve(_ nameOrPath: String) throws(RenderError) -> InvoiceTemplate {
        let catalog = try locate()
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".xml") || FileManager.default.fileExists(atPath: nameOrPath) {
            return try catalog.load(contentsOf: URL(fileURLWithPath: nameOrPath))
        }
        return try catalog.template(named: nameOrPath)
    }

    /// A template in this folder by name (`commercial-invoice` reads `commercial-invoice.xml`).
    public func template(named name: String) throws(RenderError) -> InvoiceTemplate {
        let valid = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let url = directory.appendingPathComponent(name + ".xml")
        guard valid, FileManager.default.fileExists(atPath: url.path) else {
            throw RenderError.unknownTemplate(name: name, known: Self.builtInNames, searched: [directory.path])
        }
        return try load(contentsOf: url)
    }

    /// Reads, validates and parses a template file.
    public func load(contentsOf url: URL) throws(RenderError) -> InvoiceTemplate {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RenderError.template(source: url.path, line: 0, element: nil, message: "cannot read the template file")
        }
        return try parse(data, source: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses template XML held in memory (`source` names it in errors).
    public func parse(_ data: Data, source: String, baseDirectory: URL? = nil) throws(RenderError) -> InvoiceTemplate {
        let schema = try schema()
        let root: XMLNode
        do {
            root = try XMLDocument.parse(data, source: source, schema: schema)
        } catch {
            throw Self.renderError(error, source: source)
        }
        return try TemplateParser(source: source, baseDirectory: baseDirectory ?? directory).template(root)
    }

    private func schema() throws(RenderError) -> XMLSchema {
        let url = directory.appendingPathComponent("template.xsd")
        if let cached = SchemaCache.shared.schema(for: url.path) { return cached }
        do {
            let schema = try XMLSchema(contentsOf: url)
            SchemaCache.shared.store(schema, for: url.path)
            return schema
        } catch {
            throw Self.renderError(error, source: url.path)
        }
    }

    static func renderError(_ error: XMLError, source: String) -> RenderError {
        switch error {
        case let .malformed(_, line, message):
            return .template(source: source, line: line, element: nil, message: "malformed XML: \(message)")
        case let .doctypeNotAllowed(_, line):
            return .template(source: source, line: line, element: nil, message: "DOCTYPE is not allowed in a template")
        case let .invalid(_, issues), let .schemaInvalid(_, issues):
            let first = issues.first
            let more = issues.count > 1 ? " (and \(issues.count - 1) more: " + issues.dropFirst().prefix(3).map(\.description).joined(separator: "; ") + ")" : ""
            return .template(source: source, line: first?.line ?? 0, element: first?.element,
                             message: "does not match template.xsd: \(first?.message ?? "invalid")" + more)
        case let .content(_, line, element, message):
            return .template(source: source, line: line, element: element, message: message)
        case let .unreadable(_, message):
            return .template(source: source, line: 0, element: nil, message: message)
        case let .overBudget(_, line, limit, maximum, found):
            return .template(source: source, line: line, element: nil,
                             message: "refused before parsing: \(found); the limit for \(limit.rawValue) is \(maximum)")
        }
    }
}

/// Compiled schemas by path: compiling an XSD costs far more than validating a template.
private final class SchemaCache: @unchecked Sendable {
    static let shared = SchemaCache()
    private let lock = NSLock()
    private var schemas: [String: XMLSchema] = [:]

    func schema(for path: String) -> XMLSchema? {
        lock.lock()
        defer { lock.unlock() }
        return schemas[path]
    }

    func store(_ schema: XMLSchema, for path: String) {
        lock.lock()
        defer { lock.unlock() }
        schemas[path] = schema
    }
}

/// Turns a schema-valid template tree into ``InvoiceTemplate``, checking what the XSD
/// cannot: placeholder syntax, known keys, readable images.
struct TemplateParser {
    let source: String
    let baseDirectory: URL

    func fail(_ node: XMLNode, _ message: String) -> RenderError {
        .template(source: source, line: node.line, element: node.name, message: message)
    }

    func template(_ root: XMLNode) throws(RenderError) -> InvoiceTemplate {
        guard root.name == "template", root.namespace == TemplateCatalog.namespace else {
            throw fail(root, "the root element must be <template xmlns=\"\(TemplateCatalog.namespace)\">")
        }
        guard let pageNode = root.child("page"), let bodyNode = root.child("body") else {
            throw fail(root, "a template needs <page> and <body>")
        }
        let page = pageSetup(pageNode)
        return InvoiceTemplate(
            name: root.attributes["name"] ?? "template", source: source, title: try words(root, "title"),
            page: page,
            continuation: try root.child("continuation").map { node throws(RenderError) in try textBlock(node, pageKeys: true) },
            body: try blocks(bodyNode),
            footer: try root.child("footer").map { node throws(RenderError) in try textBlock(node, pageKeys: true) })
    }

    func pageSetup(_ node: XMLNode) -> PageSetup {
        let sizes: [String: (Double, Double)] = ["A4": (595.28, 841.89), "A5": (419.53, 595.28), "Letter": (612, 792)]
        var (width, height) = sizes[node.attributes["size"] ?? "A4"] ?? (595.28, 841.89)
        if node.attributes["orientation"] == "landscape" { swap(&width, &height) }
        return PageSetup(width: width, height: height, margin: number(node, "margin") ?? 36,
                         fontSize: number(node, "font-size") ?? 8,
                         numbers: NumberStyle(rawValue: node.attributes["numbers"] ?? "plain") ?? .plain)
    }

    func number(_ node: XMLNode, _ attribute: String) -> Double? {
        node.attributes[attribute].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    func flag(_ node: XMLNode, _ attribute: String) -> Bool {
        let value = node.attributes[attribute]?.trimmingCharacters(in: .whitespaces)
        return value == "true" || value == "1"
    }

    func align(_ node: XMLNode, _ fallback: Alignment = .left) -> Alignment {
        node.attributes["align"].flatMap(Alignment.init(rawValue:)) ?? fallback
    }

    func pattern(_ text: String, _ node: XMLNode, source tableSource: TableSource? = nil,
                 pageKeys: Bool = false) throws(RenderError) -> TextPattern {
        let pattern: TextPattern
        switch TextPattern.parse(try words(text, node).trimmingCharacters(in: .whitespacesAndNewlines)) {
        case .success(let parsed): pattern = parsed
        case .failure(let error): throw fail(node, error.message)
        }
        for key in pattern.keys {
            try checkKey(key, node, source: tableSource, pageKeys: pageKeys)
        }
        return pattern
    }

    /// A template text with its glossary terms put in (``TemplateTerms``).
    func words(_ text: String, _ node: XMLNode) throws(RenderError) -> String {
        switch TemplateTerms.expand(text) {
        case .success(let expanded): return expanded
        case .failure(let error): throw fail(node, error.message)
        }
    }

    /// An attribute's text with its glossary terms put in.
    func words(_ node: XMLNode, _ attribute: String) throws(RenderError) -> String? {
        guard let text = node.attributes[attribute] else { return nil }
        return try words(text, node)
    }

    func checkKey(_ key: String, _ node: XMLNode, source tableSource: TableSource?, pageKeys: Bool = false) throws(RenderError) {
        if (key == "page" || key == "pages") && !pageKeys {
            throw fail(node, "{\(key)} is only known in <footer> and <continuation>")
        }
        guard InvoiceFields.isKnown(key, source: tableSource) else {
            var hint = ""
            if key.hasPrefix("line.") && tableSource != .lines { hint = " (line.* keys belong in a <table source=\"lines\"> column)" }
            if key.hasPrefix("vat.") && tableSource != .vat { hint = " (vat.* keys belong in a <table source=\"vat\"> column)" }
            throw fail(node, "unknown placeholder {\(key)}\(hint); see templates/README.md for the keys")
        }
    }

    func condition(_ node: XMLNode) throws(RenderError) -> Condition {
        if let key = node.attributes["if"] { try checkKey(key, node, source: nil) }
        return Condition(ifKey: node.attributes["if"], spaceBefore: number(node, "space-before") ?? 0)
    }

    func textBlock(_ node: XMLNode, pageKeys: Bool = false) throws(RenderError) -> TextBlock {
        TextBlock(text: try pattern(node.text, node, pageKeys: pageKeys),
                  style: TextStyle(size: number(node, "size"), bold: flag(node, "bold"), align: align(node)))
    }

    func blocks(_ parent: XMLNode) throws(RenderError) -> [Block] {
        var result: [Block] = []
        for node in parent.children {
            switch node.name {
            case "text":
                result.append(.text(try textBlock(node), try condition(node)))
            case "spacer":
                result.append(.spacer(number(node, "height") ?? 0))
            case "rule":
                result.append(.rule(width: number(node, "width") ?? 0.5, try condition(node)))
            case "fields":
                var fields: [FieldsBlock.Field] = []
                for field in node.children("field") {
                    if let key = field.attributes["if"] { try checkKey(key, field, source: nil) }
                    fields.append(FieldsBlock.Field(label: try pattern(field.attributes["label"] ?? "", field), value: try pattern(field.text, field),
                                                    reference: field.attributes["ref"], ifKey: field.attributes["if"],
                                                    bold: flag(field, "bold")))
                }
                result.append(.fields(FieldsBlock(labelWidth: number(node, "label-width") ?? 100, size: number(node, "size"),
                                                  underline: flag(node, "underline"), fields: fields), try condition(node)))
            case "row":
                var cells: [RowBlock.Cell] = []
                for cell in node.children("cell") {
                    cells.append(RowBlock.Cell(width: max(number(cell, "width") ?? 1, 0.01), border: flag(cell, "border"),
                                               blocks: try blocks(cell)))
                }
                result.append(.row(RowBlock(gap: number(node, "gap") ?? 8, cells: cells), try condition(node)))
            case "table":
                let tableSource = TableSource(rawValue: node.attributes["source"] ?? "lines") ?? .lines
                var columns: [TableBlock.Column] = []
                for column in node.children("column") {
                    columns.append(TableBlock.Column(
                        header: try words(column, "header") ?? "", width: max(number(column, "width") ?? 1, 0.01),
                        align: align(column), number: column.attributes["number"],
                        value: try pattern(column.text, column, source: tableSource),
                        total: try column.attributes["total"].map { text throws(RenderError) in try pattern(text, column) },
                        omitEmpty: flag(column, "omit-empty")))
                }
                result.append(.table(TableBlock(source: tableSource, size: number(node, "size"),
                                                headerSize: number(node, "header-size"),
                                                totalLabel: try words(node, "total-label"),
                                                columnNumbers: flag(node, "column-numbers"), columns: columns),
                                     try condition(node)))
            case "signature":
                result.append(.signature(SignatureBlock(label: try words(node, "label") ?? "", caption: try words(node, "caption"),
                                                        value: try pattern(node.text, node),
                                                        labelWidth: number(node, "label-width")), try condition(node)))
            case "image":
                result.append(.image(try image(node), try condition(node)))
            default:
                throw fail(node, "unknown element <\(node.name)>")
            }
        }
        return result
    }

    func image(_ node: XMLNode) throws(RenderError) -> ImageBlock {
        let path = node.attributes["src"] ?? ""
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw fail(node, "cannot read image \(url.path)")
        }
        let bytes = [UInt8](data)
        let kind: EmbeddedImageSource.Kind
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            if let problem = PNGCheck.problem(bytes) { throw fail(node, "\(url.path): \(problem)") }
            kind = .png
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            kind = .jpeg
        } else {
            throw fail(node, "\(url.path) is neither PNG nor JPEG")
        }
        return ImageBlock(image: EmbeddedImageSource(kind: kind, bytes: bytes, path: url.path),
                          width: number(node, "width") ?? 50, height: number(node, "height") ?? 20, align: align(node))
    }
}
