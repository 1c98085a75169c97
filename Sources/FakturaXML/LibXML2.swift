// With LibXML2XPath.swift, the only files that talk to libxml2. Everything C stays private here;
// the rest of the module sees Swift values (XMLNode, XMLIssue, XMLError), small owner types and
// opaque raw pointers passed between these two files.
private import CLibXML2
import Foundation

/// libxml2 wants `xmlInitParser()` once per process before it is used from several threads.
/// A global `let` is initialised exactly once, thread-safely, on first use.
private let libxml2Initialised: Void = { xmlInitParser() }()

/// The parser options for every untrusted document:
/// - NONET: never fetch anything over the network;
/// - no NOENT: entities are never substituted; no DTDLOAD/DTDATTR/DTDVALID: no DTD is read;
/// - no HUGE: libxml2 keeps its default limits (nesting depth 256, 10 MB text nodes);
/// - BIG_LINES: line numbers above 65535 stay right; NOCDATA: CDATA arrives as text;
/// - NOERROR/NOWARNING: nothing goes to stderr; errors arrive through our structured handler.
/// A DOCTYPE is refused in `refuseDoctype` before its internal subset is read.
private let untrustedParseOptions: Int32 = Int32(bitPattern:
    XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue |
    XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

/// Collects libxml2's structured errors during one synchronous parse, compile or validation.
/// C callbacks reach it through an unretained pointer that is used only inside that call.
private final class ErrorLog {
    var issues: [XMLIssue] = []
    var doctypeLine: Int?

    func record(_ error: UnsafePointer<xmlError>) {
        let level = error.pointee.level
        guard level == XML_ERR_ERROR || level == XML_ERR_FATAL else { return }
        var line = Int(error.pointee.line)
        var element: String?
        if let raw = error.pointee.node {
            var node = raw.assumingMemoryBound(to: xmlNode.self)
            if node.pointee.type == XML_ATTRIBUTE_NODE, let parent = node.pointee.parent {
                node = parent
            }
            if node.pointee.type == XML_ELEMENT_NODE {
                element = node.pointee.name.map { String(cString: $0) }
                let nodeLine = xmlGetLineNo(node)
                if nodeLine > 0 { line = nodeLine }
            }
        }
        let text = error.pointee.message.map { String(cString: $0) } ?? "unknown libxml2 error \(error.pointee.code)"
        issues.append(XMLIssue(line: line, element: element, message: Self.readable(text)))
    }

    /// libxml2 writes names as `{namespace-uri}local`; users know the local name. Its depth
    /// message advises an option that must stay off for untrusted input, so say what it means.
    static func readable(_ message: String) -> String {
        if message.hasPrefix("Excessive depth in document") {
            return "elements are nested deeper than libxml2's limit of 256 levels for untrusted XML"
        }
        return message.replacing(/\{[A-Za-z][^{}\s'"]*:[^{}\s'"]*\}/, with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Error callback for a parser context: libxml2 passes `ctxt->userData`, which is the context,
/// whose `_private` holds the ErrorLog of this parse.
private let parserErrorCallback: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let log = context.pointee._private else { return }
    Unmanaged<ErrorLog>.fromOpaque(log).takeUnretainedValue().record(error)
}

/// Error callback for schema parser and validation contexts, which pass the ErrorLog itself.
private let logErrorCallback: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    Unmanaged<ErrorLog>.fromOpaque(userData).takeUnretainedValue().record(error)
}

/// SAX hook called as soon as `<!DOCTYPE name …` is read, before any internal subset:
/// stop the parser so no entity can be declared, let alone expanded or fetched.
private let refuseDoctype: internalSubsetSAXFunc = { userData, _, _, _ in
    guard let userData else { return }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    if let log = context.pointee._private {
        let line = context.pointee.input.map { Int($0.pointee.line) } ?? 0
        Unmanaged<ErrorLog>.fromOpaque(log).takeUnretainedValue().doctypeLine = line
    }
    xmlStopParser(context)
}

/// Owns one parsed libxml2 document for the duration of a closure. The bytes are held to
/// `budget` before libxml2 sees them.
private func withParsedDocument<R>(_ data: Data, source: String, budget: XMLBudget = .standard,
                                   _ body: (xmlDocPtr) throws(XMLError) -> R) throws(XMLError) -> R {
    let document = try parseDocument(data, source: source, budget: budget)
    defer { xmlFreeDoc(document) }
    return try body(document)
}

/// A parsed untrusted document the caller owns (LibXML2XPath.swift frees it with xmlFreeDoc),
/// as an opaque pointer so that it may cross to the other file that talks to libxml2.
func parseOwnedDocument(_ data: Data, source: String, budget: XMLBudget) throws(XMLError) -> UnsafeMutableRawPointer {
    UnsafeMutableRawPointer(try parseDocument(data, source: source, budget: budget))
}

/// Parses untrusted bytes under `budget`; the caller frees the document.
private func parseDocument(_ data: Data, source: String, budget: XMLBudget) throws(XMLError) -> xmlDocPtr {
    _ = libxml2Initialised
    guard !data.isEmpty else { throw .malformed(source: source, line: 1, message: "the document is empty") }
    try XMLBudgetScan.check(data, source: source, budget: budget)
    guard data.count < Int(Int32.max) else {
        throw .unreadable(source: source, message: "\(data.count) bytes is more than libxml2 can parse (2 GiB)")
    }
    // A fresh context per call: contexts are not shareable between threads, and each one
    // carries its own error log and SAX hooks.
    guard let context = xmlNewParserCtxt() else {
        throw .unreadable(source: source, message: "libxml2 could not allocate a parser context")
    }
    defer { xmlFreeParserCtxt(context) }
    let log = ErrorLog()
    // `log` outlives the synchronous parse below; withExtendedLifetime makes that explicit.
    return try withExtendedLifetime(log) { () throws(XMLError) -> xmlDocPtr in
        context.pointee._private = Unmanaged.passUnretained(log).toOpaque()
        context.pointee.sax.pointee.serror = parserErrorCallback
        context.pointee.sax.pointee.internalSubset = refuseDoctype
        let parsed = data.withUnsafeBytes { bytes in
            xmlCtxtReadMemory(context, bytes.baseAddress!.assumingMemoryBound(to: CChar.self),
                              Int32(bytes.count), nil, nil, untrustedParseOptions)
        }
        context.pointee._private = nil
        let namespacesWellFormed = context.pointee.nsWellFormed != 0
        if let line = log.doctypeLine {
            if let parsed { xmlFreeDoc(parsed) }
            throw .doctypeNotAllowed(source: source, line: line)
        }
        guard let document = parsed, namespacesWellFormed || log.issues.isEmpty else {
            if let parsed { xmlFreeDoc(parsed) }
            let first = log.issues.first
            throw .malformed(source: source, line: first?.line ?? 0,
                             message: first?.message ?? "libxml2 could not parse the document")
        }
        return document
    }
}

/// Parses untrusted bytes into an `XMLNode` tree, optionally validating against a schema first.
enum LibXML2Parser {
    static func parse(_ data: Data, source: String, schema: LibXML2Schema?,
                      budget: XMLBudget) throws(XMLError) -> XMLNode {
        try withParsedDocument(data, source: source, budget: budget) { document throws(XMLError) in
            if let schema { try schema.validate(document, source: source) }
            guard let root = xmlDocGetRootElement(document) else {
                throw .malformed(source: source, line: 1, message: "the document has no root element")
            }
            return try makeNode(root, depth: 1, source: source)
        }
    }

    /// The element tree of a document from ``parseOwnedDocument(_:source:budget:)``.
    static func tree(ofOwned raw: UnsafeMutableRawPointer, source: String) throws(XMLError) -> XMLNode {
        guard let root = xmlDocGetRootElement(raw.assumingMemoryBound(to: xmlDoc.self)) else {
            throw .malformed(source: source, line: 1, message: "the document has no root element")
        }
        return try makeNode(root, depth: 1, source: source)
    }

    /// libxml2 already stops at 256 levels; this guard keeps the recursion bounded even if
    /// that limit were raised.
    private static let maximumDepth = 512

    private static func makeNode(_ node: xmlNodePtr, depth: Int, source: String) throws(XMLError) -> XMLNode {
        let line = xmlGetLineNo(node)
        guard depth <= maximumDepth else {
            throw .malformed(source: source, line: line, message: "elements are nested more than \(maximumDepth) deep")
        }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let local = String(cString: current.pointee.name)
            let key = current.pointee.ns.flatMap { $0.pointee.href }.map { "{\(String(cString: $0))}\(local)" } ?? local
            attributes[key] = characterData(current.pointee.children)
            attribute = current.pointee.next
        }
        var children: [XMLNode] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(try makeNode(current, depth: depth + 1, source: source))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_ENTITY_REF_NODE:
                // Unreachable while DOCTYPEs are refused (no entity can be declared); kept as a
                // guard so an entity is never silently dropped.
                throw .malformed(source: source, line: xmlGetLineNo(current),
                                 message: "entity references are not allowed")
            default:
                break  // comments, processing instructions
            }
            child = current.pointee.next
        }
        return XMLNode(name: String(cString: node.pointee.name),
                       namespace: node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) },
                       attributes: attributes, children: children, text: text, line: line)
    }

    private static func characterData(_ first: xmlNodePtr?) -> String {
        var text = ""
        var node = first
        while let current = node {
            if let content = current.pointee.content { text += String(cString: content) }
            node = current.pointee.next
        }
        return text
    }
}

/// A compiled XSD. The schema and the XSD document it was compiled from are owned here and
/// freed together; after compilation libxml2 only reads them.
final class LibXML2Schema: @unchecked Sendable {
    // @unchecked Sendable: both pointers are written once in init and never mutated by us;
    // libxml2 documents a compiled xmlSchema as read-only during validation, so any number of
    // threads may validate with it concurrently as long as each uses its own
    // xmlSchemaValidCtxt, which `validate` creates per call.
    private let schema: xmlSchemaPtr
    private let document: xmlDocPtr

    init(xsd data: Data, source: String) throws(XMLError) {
        // The XSD goes through the same hardened parser as any document (no DOCTYPE, no network).
        let document: xmlDocPtr
        do {
            document = try withParsedDocument(data, source: source) { parsed throws(XMLError) in
                guard let copy = xmlCopyDoc(parsed, 1) else {
                    throw .unreadable(source: source, message: "libxml2 could not copy the schema document")
                }
                return copy
            }
        } catch {
            let message: String
            switch error {
            case let .malformed(_, _, text): message = "malformed XML: " + text
            case .doctypeNotAllowed: message = "DOCTYPE is not allowed"
            default: message = error.description
            }
            throw .schemaInvalid(source: source, issues: [XMLIssue(line: error.line ?? 0, element: nil, message: message)])
        }
        let log = ErrorLog()
        let compiled: xmlSchemaPtr? = withExtendedLifetime(log) {
            guard let parserContext = xmlSchemaNewDocParserCtxt(document) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parserContext) }
            let logPointer = Unmanaged.passUnretained(log).toOpaque()
            xmlSchemaSetParserStructuredErrors(parserContext, logErrorCallback, logPointer)
            // xs:include/xs:import documents are parsed by libxml2 with the thread's own handler;
            // route that to the log too for the duration of this synchronous call.
            xmlSetStructuredErrorFunc(logPointer, logErrorCallback)
            defer { xmlSetStructuredErrorFunc(nil, nil) }
            return xmlSchemaParse(parserContext)
        }
        guard let compiled, log.issues.isEmpty else {
            if let compiled { xmlSchemaFree(compiled) }
            xmlFreeDoc(document)
            throw .schemaInvalid(source: source, issues: log.issues.isEmpty
                ? [XMLIssue(line: 0, element: nil, message: "libxml2 could not compile the schema")] : log.issues)
        }
        self.schema = compiled
        self.document = document
    }

    deinit {
        xmlSchemaFree(schema)
        xmlFreeDoc(document)
    }

    /// Validates a document from ``parseOwnedDocument(_:source:budget:)``: its issues, empty when valid.
    func issues(inOwned raw: UnsafeMutableRawPointer, source: String) -> [XMLIssue] {
        do {
            try validate(raw.assumingMemoryBound(to: xmlDoc.self), source: source)
            return []
        } catch {
            switch error {
            case let .invalid(_, issues): return issues
            default: return [XMLIssue(line: 0, element: nil, message: error.description)]
            }
        }
    }

    fileprivate func validate(_ instance: xmlDocPtr, source: String) throws(XMLError) {
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            throw .unreadable(source: source, message: "libxml2 could not allocate a validation context")
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let log = ErrorLog()
        let result = withExtendedLifetime(log) {
            xmlSchemaSetValidStructuredErrors(context, logErrorCallback, Unmanaged.passUnretained(log).toOpaque())
            return xmlSchemaValidateDoc(context, instance)
        }
        if result != 0 || !log.issues.isEmpty {
            throw .invalid(source: source, issues: log.issues.isEmpty
                ? [XMLIssue(line: 0, element: nil, message: "libxml2 could not validate the document (code \(result))")]
                : log.issues)
        }
    }
}
