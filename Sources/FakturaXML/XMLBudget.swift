/// Limits on untrusted XML, checked by ``XMLBudgetScan`` in one linear pass over the bytes
/// before libxml2 sees them. libxml2 2.9's start-tag parser compares every attribute with
/// every other (60,000 attributes on one element: over 20 s), so a document over budget must
/// be refused before it is parsed, not during.
///
/// The defaults are far above anything Faktura writes or reads (an invoice nests 4 deep with
/// one attribute per element; an export is `<export><row><column>`), and far below what hurts.
public struct XMLBudget: Sendable, Hashable {
    /// One of the limits, as errors name it.
    public enum Limit: String, Sendable, Hashable, CaseIterable {
        case bytes
        case attributesPerElement = "attributes per element"
        case nodes = "nodes (elements, comments, processing instructions, CDATA sections)"
        case depth = "nesting depth"
        case commentBytes = "bytes of comments and processing instructions"
    }

    public var maximumBytes: Int
    public var maximumAttributesPerElement: Int
    public var maximumNodes: Int
    public var maximumDepth: Int
    /// Bytes inside comments and processing instructions, all of them together. libxml2's
    /// streaming reader keeps comments and instructions that follow one another (it frees a
    /// node only when the reader moves past it to an element or text), so 600 MB of them cost
    /// 1.2 GB where 600 MB of rows cost one row.
    public var maximumCommentBytes: Int

    public init(maximumBytes: Int, maximumAttributesPerElement: Int, maximumNodes: Int, maximumDepth: Int,
                maximumCommentBytes: Int = Int.max) {
        self.maximumBytes = maximumBytes
        self.maximumAttributesPerElement = maximumAttributesPerElement
        self.maximumNodes = maximumNodes
        self.maximumDepth = maximumDepth
        self.maximumCommentBytes = maximumCommentBytes
    }

    /// 64 MiB, 256 attributes per element, 2,000,000 nodes, 256 levels (libxml2's own depth
    /// limit without XML_PARSE_HUGE, now refused before it parses).
    public static let standard = XMLBudget(maximumBytes: 64 << 20, maximumAttributesPerElement: 256,
                                           maximumNodes: 2_000_000, maximumDepth: 256)

    /// For a document read as a stream: its size and node count cost no memory, so only the
    /// limits that make libxml2's own work grow faster than the bytes apply, and what the
    /// reader holds however it streams: 1 MiB of comments and processing instructions (a
    /// spreadsheet program writes none into a sheet).
    public static let streamed = XMLBudget(maximumBytes: Int(Int32.max), maximumAttributesPerElement: 256,
                                           maximumNodes: Int.max, maximumDepth: 256, maximumCommentBytes: 1 << 20)

    /// The allowance for one limit.
    public func maximum(_ limit: Limit) -> Int {
        switch limit {
        case .bytes: maximumBytes
        case .attributesPerElement: maximumAttributesPerElement
        case .nodes: maximumNodes
        case .depth: maximumDepth
        case .commentBytes: maximumCommentBytes
        }
    }
}
