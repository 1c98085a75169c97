// libxml2's XPath 1.0 engine over one parsed untrusted document, with the extension functions
// the tax service's Schematron rules call. With LibXML2.swift, the only file that talks to libxml2.
private import CLibXML2
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why an XPath expression could not be compiled or evaluated, naming the expression.
public struct XPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public let expression: String
    /// libxml2's words (`Unregistered function`, `Invalid expression`).
    public let message: String

    public var description: String { "XPath \(expression.debugDescription): \(message)" }
}

/// One node a selection found: an element, an attribute or a piece of text, with what rules
/// and readers need from it. Valid only while its ``XPathDocument`` lives.
public struct XPathNode: Hashable {
    public enum Kind: Sendable, Hashable { case element, attribute, text, other }

    public let kind: Kind
    /// The local name (`Документ`, `ИдФайл`); empty for text.
    public let name: String
    /// The namespace URI, when the node has one.
    public let namespace: String?
    /// The 1-based line of the node (its element's for an attribute or text).
    public let line: Int
    /// The node in the document; opaque outside this file.
    let handle: UnsafeMutableRawPointer
}

/// Extension functions registered for a document's expressions under one namespace URI.
/// These are the private functions of the Russian tax service's Schematron rules
/// (`http://www.unisoftware.ru/schematron-extensions`), implemented here as libxml2 functions.
public struct XPathExtensions: Sendable, Hashable {
    /// The functions Faktura implements.
    public enum Function: String, Sendable, CaseIterable {
        /// `iif(condition, then, otherwise)`: `then` when the condition is true, else `otherwise`
        /// (all three are evaluated, as XPath 1.0 evaluates every argument).
        case iif
        /// `getFileName()`: the name of the file being checked, without folder and extension.
        case getFileName
    }

    public let namespace: String
    /// What `getFileName()` answers.
    public let documentName: String

    public init(namespace: String, documentName: String) {
        self.namespace = namespace
        self.documentName = documentName
    }
}

/// A parsed untrusted document whose nodes XPath 1.0 expressions select and test, read through
/// the same hardened parser and ``XMLBudget`` as ``XMLDocument``.
///
/// ```swift
/// let document = try XPathDocument(data, source: "a.xml", namespaces: ["u": "urn:x"])
/// for node in try document.nodes("//Документ") { try document.boolean("count(ТаблСчФакт)=1", at: node) }
/// ```
///
/// Not thread-safe: one document, one thread at a time. Expressions are compiled once per thread
/// and configuration (``XPathEngine``), not once per document.
public final class XPathDocument {
    public let source: String
    private let document: xmlDocPtr
    private let engine: XPathEngine
    private let documentName: String

    /// Parses `data` and prepares expressions with `namespaces` (prefix → URI) and, when given,
    /// the `extensions` under their namespace (which `namespaces` must name with a prefix).
    public init(_ data: Data, source: String, budget: XMLBudget = .standard,
                namespaces: [String: String] = [:], extensions: XPathExtensions? = nil) throws(XMLError) {
        guard let engine = XPathEngine.current(namespaces: namespaces, extensionsNamespace: extensions?.namespace) else {
            throw .unreadable(source: source, message: "libxml2 could not allocate an XPath context")
        }
        let raw = try parseOwnedDocument(data, source: source, budget: budget)
        self.source = source
        self.document = raw.assumingMemoryBound(to: xmlDoc.self)
        self.engine = engine
        self.documentName = extensions?.documentName ?? ""
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The elements with any of these local names, by name, each list in document order: one
    /// walk of the tree for all the names (what `//name` would find for each).
    public func elements(named names: Set<String>) -> [String: [XPathNode]] {
        var found: [String: [XPathNode]] = [:]
        var stack: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(document) { stack.append(root) }
        while let node = stack.popLast() {
            let name = String(cString: node.pointee.name)
            if names.contains(name) { found[name, default: []].append(XPathNode(libxml2: node)) }
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { children.append(current) }
                child = current.pointee.next
            }
            stack.append(contentsOf: children.reversed())
        }
        return found
    }

    /// The issues of the document against `schema`; empty when it is valid.
    public func issues(against schema: XMLSchema) -> [XMLIssue] {
        schema.compiled.issues(inOwned: UnsafeMutableRawPointer(document), source: source)
    }

    /// The document's elements as an ``XMLNode`` tree.
    public func tree() throws(XMLError) -> XMLNode {
        try LibXML2Parser.tree(ofOwned: UnsafeMutableRawPointer(document), source: source)
    }

    /// The root element.
    public var root: XPathNode? {
        xmlDocGetRootElement(document).map(XPathNode.init(libxml2:))
    }

    /// The nodes `expression` selects, in document order; relative to `node` when given.
    public func nodes(_ expression: String, at node: XPathNode? = nil) throws(XPathError) -> [XPathNode] {
        let result = try evaluate(expression, at: node)
        defer { xmlXPathFreeObject(result) }
        guard result.pointee.type == XPATH_NODESET else {
            throw XPathError(expression: expression, message: "does not select nodes")
        }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let table = set.pointee.nodeTab else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { table[$0].map(XPathNode.init(libxml2:)) }
    }

    /// `boolean(expression)` at `node`.
    public func boolean(_ expression: String, at node: XPathNode? = nil) throws(XPathError) -> Bool {
        let result = try evaluate("boolean(\(expression))", at: node, naming: expression)
        defer { xmlXPathFreeObject(result) }
        return result.pointee.boolval != 0
    }

    /// `string(expression)` at `node`.
    public func string(_ expression: String, at node: XPathNode? = nil) throws(XPathError) -> String {
        let result = try evaluate("string(\(expression))", at: node, naming: expression)
        defer { xmlXPathFreeObject(result) }
        return result.pointee.stringval.map { String(cString: $0) } ?? ""
    }

    /// The string value of a node: an attribute's value, a text's characters, an element's
    /// text and its descendants' text.
    public func value(of node: XPathNode) -> String {
        var text = ""
        appendText(of: node.handle.assumingMemoryBound(to: xmlNode.self), to: &text)
        return text
    }

    /// The child nodes of an element (elements and text, in order), for mixed content.
    public func children(of node: XPathNode) -> [XPathNode] {
        var result: [XPathNode] = []
        var child = node.handle.assumingMemoryBound(to: xmlNode.self).pointee.children
        while let current = child {
            result.append(XPathNode(libxml2: current))
            child = current.pointee.next
        }
        return result
    }

    /// The value of an attribute of an element, by local name (no namespace).
    public func attribute(_ name: String, of node: XPathNode) -> String? {
        var attribute = node.handle.assumingMemoryBound(to: xmlNode.self).pointee.properties
        while let current = attribute {
            if current.pointee.ns == nil, String(cString: current.pointee.name) == name {
                var text = ""
                appendText(of: UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self), to: &text)
                return text
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// `Файл/Документ/ТаблСчФакт/СведТов[2]`: an element's place by names, with its position
    /// among same-named siblings where there are several (an attribute's: its element's).
    public func path(of node: XPathNode) -> String {
        var parts: [String] = []
        var current: xmlNodePtr? = node.handle.assumingMemoryBound(to: xmlNode.self)
        if let attribute = current, attribute.pointee.type == XML_ATTRIBUTE_NODE { current = attribute.pointee.parent }
        while let element = current, element.pointee.type == XML_ELEMENT_NODE {
            let name = String(cString: element.pointee.name)
            var position = 1, sameNamed = 0
            var sibling = element.pointee.parent?.pointee.children
            while let candidate = sibling {
                if candidate.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(candidate.pointee.name, element.pointee.name) != 0 {
                    sameNamed += 1
                    if candidate == element { position = sameNamed }
                }
                sibling = candidate.pointee.next
            }
            parts.append(sameNamed > 1 ? "\(name)[\(position)]" : name)
            current = element.pointee.parent
        }
        return parts.reversed().joined(separator: "/")
    }

    private func appendText(of node: xmlNodePtr, to text: inout String) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { text += String(cString: content) }
        case XML_ELEMENT_NODE, XML_ATTRIBUTE_NODE:
            var child = node.pointee.children
            while let current = child {
                appendText(of: current, to: &text)
                child = current.pointee.next
            }
        default:
            break
        }
    }

    private func evaluate(_ expression: String, at node: XPathNode?, naming shown: String? = nil) throws(XPathError) -> xmlXPathObjectPtr {
        let named = shown ?? expression
        let state = engine.state, context = engine.context
        state.errors.removeAll()
        state.documentName = documentName
        let compiledExpression: xmlXPathCompExprPtr
        if let cached = engine.compiled[expression] {
            compiledExpression = cached
        } else {
            guard let fresh = xmlXPathCtxtCompile(context, expression) else {
                throw XPathError(expression: named, message: state.errors.first ?? "cannot be compiled")
            }
            engine.compiled[expression] = fresh
            compiledExpression = fresh
        }
        context.pointee.doc = document
        context.pointee.node = node.map { $0.handle.assumingMemoryBound(to: xmlNode.self) }
            ?? UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        faktura_xml_silence_generic_errors()
        defer { faktura_xml_restore_generic_errors() }
        guard let result = xmlXPathCompiledEval(compiledExpression, context) else {
            throw XPathError(expression: named, message: state.errors.first ?? "cannot be evaluated")
        }
        if let error = state.errors.first {
            xmlXPathFreeObject(result)
            throw XPathError(expression: named, message: error)
        }
        return result
    }
}

/// What the C callbacks reach through the context's `userData`: the file name for
/// `getFileName()` and the errors of the current evaluation.
private final class EvaluationState {
    var documentName = ""
    var errors: [String] = []
}

/// An XPath context with its namespaces and extension functions registered, and the expressions
/// compiled in it, for one thread. Compiling the same rules again for every document cost more
/// than evaluating them; a compiled expression may not be shared between threads (libxml2
/// writes the function it looked up into it while evaluating), so each thread has its own,
/// kept as long as the thread (a few hundred expressions at most).
private final class XPathEngine {
    let context: xmlXPathContextPtr
    let state = EvaluationState()
    var compiled: [String: xmlXPathCompExprPtr] = [:]

    private init?(namespaces: [String: String], extensionsNamespace: String?) {
        _ = libxml2XPathReady
        guard let context = xmlXPathNewContext(nil) else { return nil }
        self.context = context
        context.pointee.userData = Unmanaged.passUnretained(state).toOpaque()
        context.pointee.error = xpathErrorCallback
        for (prefix, uri) in namespaces {
            _ = xmlXPathRegisterNs(context, prefix, uri)
        }
        if let extensionsNamespace {
            for function in XPathExtensions.Function.allCases {
                _ = xmlXPathRegisterFuncNS(context, function.rawValue, extensionsNamespace, function.implementation)
            }
        }
    }

    deinit {
        for expression in compiled.values { xmlXPathFreeCompExpr(expression) }
        xmlXPathFreeContext(context)
    }

    /// This thread's engine for the configuration, made on first use.
    static func current(namespaces: [String: String], extensionsNamespace: String?) -> XPathEngine? {
        let key = namespaces.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            + "|" + (extensionsNamespace ?? "")
        let engines: ThreadEngines
        if let existing = pthread_getspecific(threadEnginesKey) {
            engines = Unmanaged<ThreadEngines>.fromOpaque(existing).takeUnretainedValue()
        } else {
            engines = ThreadEngines()
            pthread_setspecific(threadEnginesKey, Unmanaged.passRetained(engines).toOpaque())
        }
        if let engine = engines.byConfiguration[key] { return engine }
        guard let engine = XPathEngine(namespaces: namespaces, extensionsNamespace: extensionsNamespace) else { return nil }
        engines.byConfiguration[key] = engine
        return engine
    }
}

/// The engines of one thread, released with the thread.
private final class ThreadEngines {
    var byConfiguration: [String: XPathEngine] = [:]
}

private let threadEnginesKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { engines in
        if let engines { Unmanaged<ThreadEngines>.fromOpaque(engines).release() }
    }
    return key
}()

/// libxml2 wants its parser initialised before any use from several threads.
private let libxml2XPathReady: Void = { xmlInitParser() }()

private let xpathErrorCallback: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let state = Unmanaged<EvaluationState>.fromOpaque(userData).takeUnretainedValue()
    let message = error.pointee.message.map { String(cString: $0) } ?? "XPath error \(error.pointee.code)"
    state.errors.append(message.trimmingCharacters(in: .whitespacesAndNewlines))
}

extension XPathNode {
    fileprivate init(libxml2 node: xmlNodePtr) {
        let kind: Kind
        switch node.pointee.type {
        case XML_ELEMENT_NODE: kind = .element
        case XML_ATTRIBUTE_NODE: kind = .attribute
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: kind = .text
        default: kind = .other
        }
        let name = kind == .element || kind == .attribute ? node.pointee.name.map { String(cString: $0) } ?? "" : ""
        let namespace = kind == .element || kind == .attribute ? node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } : nil
        var lineNode = node
        if kind == .attribute, let parent = node.pointee.parent { lineNode = parent }
        self.init(kind: kind, name: name, namespace: namespace, line: xmlGetLineNo(lineNode), handle: UnsafeMutableRawPointer(node))
    }
}

extension XPathExtensions.Function {
    fileprivate var implementation: xmlXPathFunction {
        switch self {
        case .iif: iifFunction
        case .getFileName: getFileNameFunction
        }
    }
}

/// `iif(condition, then, otherwise)`: the arguments arrive on the value stack in order, so the
/// last one is popped first.
private let iifFunction: xmlXPathFunction = { parser, count in
    guard let parser else { return }
    guard count == 3 else {
        xmlXPathErr(parser, Int32(XPATH_INVALID_ARITY.rawValue))
        return
    }
    let otherwise = valuePop(parser)
    let then = valuePop(parser)
    let condition = valuePop(parser)
    guard let otherwise, let then, let condition else {
        for object in [otherwise, then, condition] { if let object { xmlXPathFreeObject(object) } }
        xmlXPathErr(parser, Int32(XPATH_STACK_ERROR.rawValue))
        return
    }
    let chosen = xmlXPathCastToBoolean(condition) != 0 ? then : otherwise
    xmlXPathFreeObject(condition)
    xmlXPathFreeObject(chosen == then ? otherwise : then)
    _ = valuePush(parser, chosen)
}

/// `getFileName()`: the checked file's name, from the state behind the context's `userData`.
private let getFileNameFunction: xmlXPathFunction = { parser, count in
    guard let parser else { return }
    guard count == 0 else {
        xmlXPathErr(parser, Int32(XPATH_INVALID_ARITY.rawValue))
        return
    }
    guard let userData = parser.pointee.context?.pointee.userData else {
        xmlXPathErr(parser, Int32(XPATH_UNKNOWN_FUNC_ERROR.rawValue))
        return
    }
    let name = Unmanaged<EvaluationState>.fromOpaque(userData).takeUnretainedValue().documentName
    _ = valuePush(parser, xmlXPathWrapString(xmlCharStrdup(name)))
}
