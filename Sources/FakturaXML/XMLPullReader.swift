// libxml2's streaming reader (xmlTextReader) for documents too large to hold as a tree, such as
// an XLSX worksheet of a million rows. C stays private here, as in LibXML2.swift.
private import CLibXML2
public import Foundation

/// Reads an XML document node by node, holding only the current node: memory stays flat
/// whatever the document's length.
///
/// The same rules as for every untrusted document: no network, no DTD read, no entities
/// substituted, libxml2's default limits (nesting 256, text nodes 10 MB); a `<!DOCTYPE>` or
/// an entity reference is refused as soon as it is met.
///
/// ```swift
/// let reader = try XMLPullReader(path: "sheet1.xml", source: "orders.xlsx")
/// while try reader.read() {
///     if reader.kind == .element, reader.isNamed("row") { ... }
/// }
/// ```
public final class XMLPullReader {
    /// What the reader stands on.
    public enum Kind: Sendable, Hashable {
        case element, endElement, text, other
    }

    private let reader: xmlTextReaderPtr
    private let source: String
    private let buffer: Data?
    public private(set) var kind: Kind = .other

    private static let options: Int32 = Int32(bitPattern:
        XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue |
        XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Opens the file at `path`; `source` names it in errors.
    public init(path: String, source: String) throws(XMLError) {
        xmlInitParser()
        guard let reader = xmlReaderForFile(path, nil, Self.options) else {
            throw .unreadable(source: source, message: "cannot open \(path) for reading")
        }
        self.reader = reader
        self.source = source
        buffer = nil
    }

    /// Reads a document held in memory, refused before libxml2 reads it when an element has
    /// more attributes, or the nesting is deeper, than ``XMLBudget/streamed`` allows.
    public init(data: Data, source: String) throws(XMLError) {
        try XMLBudgetScan.check(data, source: source, budget: .streamed)
        xmlInitParser()
        let copy = data.isEmpty ? Data(" ".utf8) : data
        let reader: xmlTextReaderPtr? = copy.withUnsafeBytes { raw in
            xmlReaderForMemory(raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(clamping: raw.count),
                               nil, nil, Self.options)
        }
        guard let reader else { throw .unreadable(source: source, message: "libxml2 cannot read it") }
        self.reader = reader
        self.source = source
        // xmlReaderForMemory does not copy: the bytes must live as long as the reader.
        buffer = copy
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// Moves to the next node; false at the end of the document.
    public func read() throws(XMLError) -> Bool {
        let status = xmlTextReaderRead(reader)
        if status == 0 { return false }
        guard status == 1 else {
            var message = "not well-formed XML"
            if let error = xmlGetLastError(), let text = error.pointee.message {
                message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            throw .malformed(source: source, line: line, message: message)
        }
        switch xmlTextReaderNodeType(reader) {
        case 1: kind = .element
        case 15: kind = .endElement
        case 3, 4, 14: kind = .text
        case 10: throw .doctypeNotAllowed(source: source, line: line)
        case 5: throw .malformed(source: source, line: line, message: "entity references are not accepted")
        default: kind = .other
        }
        return true
    }

    /// Whether the current node's local name is `name` (compared without making a Swift string).
    public func isNamed(_ name: StaticString) -> Bool {
        guard let local = xmlTextReaderConstLocalName(reader) else { return false }
        return strcmp(UnsafeRawPointer(local).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// The current node's local name.
    public var localName: String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    /// True for `<x/>`: no end-element node follows.
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// Depth of the current node (the root is 0).
    public var depth: Int { Int(xmlTextReaderDepth(reader)) }

    /// The text of a text node.
    public var value: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// The value of the current element's attribute `name` (a qualified name such as `r:id`).
    public func attribute(_ name: StaticString) -> String? {
        // Moving onto the attribute reads its value in place, without the copy GetAttribute mallocs.
        let raw = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: xmlChar.self)
        guard xmlTextReaderMoveToAttribute(reader, raw) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        return xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// The number of attributes of the current element.
    public var attributeCount: Int { Int(xmlTextReaderAttributeCount(reader)) }

    /// The line of the current node in the source.
    public var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
}
