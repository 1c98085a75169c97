/// The operands read before a content-stream operator (or a CMap keyword), in buffers that are
/// emptied for each operator and reused: numbers as `Double`, the bytes of strings and names in
/// one byte buffer, the items of an array of numbers and strings after one another. Once the
/// buffers have grown, reading an operator allocates nothing.
struct ContentStreamOperands {
    enum Operand {
        case number(Double)
        /// A name's bytes (after its `/`, `#xx` escapes decoded) in ``bytes``.
        case name(Range<Int>)
        /// A string's bytes (escapes decoded) in ``bytes``.
        case string(Range<Int>)
        /// An array of numbers and strings (a `TJ` operand): its items in ``items``.
        case array(Range<Int>)
        /// A dictionary whose `/ActualText` is a string (its bytes, still a PDF text string, in
        /// ``bytes``): marked content whose text poppler shows instead of the characters drawn.
        case actualText(Range<Int>)
        /// Anything else the text operators do not take: `true`, `false`, `null`, a dictionary, an
        /// array holding more than numbers and strings. Parsed (syntax and depth checked), not kept.
        case other
    }

    private(set) var operands: [Operand] = []
    /// The items of the arrays among the operands.
    private(set) var items: [Operand] = []
    /// The bytes of the strings and names among the operands and items (the lexer decodes
    /// them straight into it).
    var bytes: [UInt8] = []

    init() {
        operands.reserveCapacity(16)
        items.reserveCapacity(64)
        bytes.reserveCapacity(1024)
    }

    var count: Int { operands.count }
    var last: Operand? { operands.last }

    /// The operand at `index` (0: the first one).
    subscript(index: Int) -> Operand { operands[index] }

    /// The operand `fromEnd` places before the operator (1: the last one).
    subscript(fromEnd fromEnd: Int) -> Operand? {
        fromEnd >= 1 && fromEnd <= operands.count ? operands[operands.count - fromEnd] : nil
    }

    /// The number `fromEnd` places before the operator, or nil when it is something else.
    func number(fromEnd: Int) -> Double? {
        if case .number(let value) = self[fromEnd: fromEnd] { return value }
        return nil
    }

    mutating func removeAll() {
        operands.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func append(_ operand: Operand) { operands.append(operand) }

    mutating func appendItem(_ item: Operand) { items.append(item) }

    /// Drops the items from `itemCount` and the bytes from `byteCount` on (an array that turned
    /// out to hold something else is kept as ``Operand/other``).
    mutating func truncate(items itemCount: Int, bytes byteCount: Int) {
        items.removeSubrange(itemCount...)
        bytes.removeSubrange(byteCount...)
    }

    var itemCount: Int { items.count }
    var byteCount: Int { bytes.count }
}
