/// One element of a parsed XML document, as an immutable Swift value.
///
/// Produced by ``XMLDocument/parse(_:source:schema:)``; holds no reference to libxml2.
/// Only elements are children; comments and processing instructions are dropped,
/// and the text of an element is its own character data (text and CDATA), not that of
/// its descendants.
public struct XMLNode: Sendable, Hashable {
    /// The local name, without a prefix (`quantity` for `<inv:quantity>`).
    public let name: String
    /// The namespace URI of the element, or `nil` when it is in no namespace.
    public let namespace: String?
    /// Attributes by local name; an attribute in a namespace is keyed as `{uri}local`.
    public let attributes: [String: String]
    /// Child elements in document order.
    public let children: [XMLNode]
    /// The element's own character data, concatenated, exactly as in the document
    /// (entity and character references resolved, whitespace kept).
    public let text: String
    /// The 1-based line of the element's start tag in the source.
    public let line: Int

    public init(name: String, namespace: String? = nil, attributes: [String: String] = [:],
                children: [XMLNode] = [], text: String = "", line: Int = 0) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
    }

    /// The first child element with this local name.
    public func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// All child elements with this local name, in document order.
    public func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }
}
