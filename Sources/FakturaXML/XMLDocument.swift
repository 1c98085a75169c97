public import Foundation

/// Parsing of untrusted XML into ``XMLNode`` values.
///
/// ```swift
/// let root = try XMLDocument.parse(Data("<a><b>1</b></a>".utf8), source: "a.xml")
/// root.child("b")?.text  // "1"
/// ```
///
/// Safe for hostile input: no network access, no DTD loading, no entity substitution, any
/// `<!DOCTYPE>` is refused with ``XMLError/doctypeNotAllowed(source:line:)``, an input over its
/// ``XMLBudget`` (bytes, attributes per element, nodes, depth) is refused with
/// ``XMLError/overBudget(source:line:limit:maximum:found:)`` before libxml2 reads it, and
/// libxml2's default limits stay on. Thread-safe: every call uses its own parser.
public enum XMLDocument {
    /// Parses `data`; with a `schema`, also validates against it before building the tree.
    /// - Parameter source: names the input in errors (a file path, `-`, `order 123`).
    public static func parse(_ data: Data, source: String, schema: XMLSchema? = nil,
                             budget: XMLBudget = .standard) throws(XMLError) -> XMLNode {
        try LibXML2Parser.parse(data, source: source, schema: schema?.compiled, budget: budget)
    }
}

/// A compiled W3C XML Schema (XSD), compiled once and shared by any number of threads.
public final class XMLSchema: Sendable {
    let compiled: LibXML2Schema
    /// Names the XSD in errors.
    public let source: String

    /// Compiles an XSD held in a string.
    public init(xsd: String, source: String) throws(XMLError) {
        self.compiled = try LibXML2Schema(xsd: Data(xsd.utf8), source: source)
        self.source = source
    }

    /// Compiles an XSD held as bytes in the encoding its prolog declares (the tax service's
    /// schemas are windows-1251).
    public init(xsdData: Data, source: String) throws(XMLError) {
        self.compiled = try LibXML2Schema(xsd: xsdData, source: source)
        self.source = source
    }

    /// Compiles an XSD file.
    public init(contentsOf url: URL) throws(XMLError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(source: url.path, message: error.localizedDescription)
        }
        self.compiled = try LibXML2Schema(xsd: data, source: url.path)
        self.source = url.path
    }
}
