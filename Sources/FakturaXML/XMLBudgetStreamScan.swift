/// ``XMLBudgetScan`` for a document that arrives in pieces (a workbook's sheet as it is
/// inflated): the same counts by the same rules, kept across the pieces, so a document of
/// gigabytes is held to its budget without ever being in memory whole.
///
/// ```swift
/// var scan = XMLBudgetStreamScan(source: "orders.xlsx (sheet `订单`)", budget: .streamed, watching: "mergeCell")
/// for piece in pieces { try scan.feed(piece) }
/// scan.sawWatchedElement   // whether a <mergeCell> start tag came by
/// ```
///
/// It can also watch for one element name, so a reader learns in the same pass whether a
/// second one (over that element alone) is needed.
public struct XMLBudgetStreamScan: Sendable {
    private enum State: Sendable {
        /// Outside markup.
        case text
        /// Just after `<`.
        case open
        /// After `<!`, holding the bytes read since (to tell a comment from a CDATA section).
        case bang([UInt8])
        /// Inside a comment, CDATA section, instruction or end tag, until `terminator`; `held`
        /// for a comment or instruction (counted against the comment budget).
        case skipping(terminator: [UInt8], held: Bool)
        /// Inside a start tag.
        case startTag(line: Int, attributes: Int, quote: UInt8?, previous: UInt8)
        /// At a `<!DOCTYPE`: libxml2 refuses the declaration before reading on, so counting stops.
        case stopped
    }

    private let source: String
    private let budget: XMLBudget
    private var state = State.text
    private var bytes = 0, line = 1, depth = 0, nodes = 0
    /// Bytes inside comments and processing instructions so far (what libxml2's reader may hold).
    private var commentBytes = 0
    /// The two bytes before the current one, for terminators that span pieces.
    private var window: (UInt8, UInt8) = (0, 0)
    /// Set when a skip begins: the byte that began it is not part of its terminator.
    private var skipBegan = false
    /// The local name watched for, and how much of it the current start tag's name has matched
    /// (-1: not in a name, or no match possible).
    private let watched: [UInt8]
    private var watchMatched = -1
    /// Whether a start tag of the watched local name was seen (any prefix).
    public private(set) var sawWatchedElement = false

    /// `watching`: a local element name (`mergeCell`) whose start tags ``sawWatchedElement`` tells of.
    public init(source: String, budget: XMLBudget, watching: String? = nil) {
        self.source = source
        self.budget = budget
        watched = watching.map { Array($0.utf8) } ?? []
    }

    private static let lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">"), newline = UInt8(ascii: "\n")
    private static let bang = UInt8(ascii: "!"), question = UInt8(ascii: "?"), slash = UInt8(ascii: "/")
    private static let colon = UInt8(ascii: ":")
    private static let equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
    private static let comment = Array("--".utf8), cdata = Array("[CDATA[".utf8)
    private static let commentEnd = Array("-->".utf8), cdataEnd = Array("]]>".utf8), instructionEnd = Array("?>".utf8)

    /// Counts the next piece of the document.
    /// - Throws: ``XMLError/overBudget(source:line:limit:maximum:found:)`` at the first limit passed.
    public mutating func feed(_ piece: UnsafeRawBufferPointer) throws(XMLError) {
        bytes += piece.count
        if bytes > budget.maximumBytes {
            throw over(.bytes, "more than \(budget.maximumBytes) bytes", at: line)
        }
        for byte in piece {
            if byte == Self.newline { line += 1 }
            try step(byte)
            if skipBegan {
                window = (0, 0)
                skipBegan = false
            } else {
                window = (window.1, byte)
            }
        }
    }

    private mutating func step(_ byte: UInt8) throws(XMLError) {
        switch state {
        case .stopped:
            return
        case .text:
            if byte == Self.lessThan { state = .open }
        case .open:
            if byte != Self.slash {
                nodes += 1
                if nodes > budget.maximumNodes { throw over(.nodes, "more than \(budget.maximumNodes) nodes", at: line) }
            }
            switch byte {
            case Self.bang: state = .bang([])
            case Self.question: skip(until: Self.instructionEnd, held: true)
            case Self.slash:
                depth = max(0, depth - 1)
                skip(until: [Self.greaterThan], held: false)
            default:
                state = .startTag(line: line, attributes: 0, quote: nil, previous: 0)
                watchMatched = watched.isEmpty || sawWatchedElement ? -1 : 0
                try step(byte)
            }
        case .bang(var read):
            read.append(byte)
            if read == Self.comment {
                skip(until: Self.commentEnd, held: true)
            } else if read == Self.cdata {
                skip(until: Self.cdataEnd, held: false)
            } else if Self.comment.starts(with: read) || Self.cdata.starts(with: read) {
                state = .bang(read)
            } else {
                state = .stopped
            }
        case .skipping(let terminator, let held):
            if held {
                commentBytes += 1
                if commentBytes > budget.maximumCommentBytes {
                    throw over(.commentBytes, "more than \(budget.maximumCommentBytes) bytes in comments and processing instructions", at: line)
                }
            }
            if Self.ends(terminator, window: window, byte: byte) {
                state = .text
            }
        case .startTag(let tagLine, var attributes, var quote, let previous):
            if watchMatched != -1 { watchName(byte) }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == Self.quote || byte == Self.apostrophe {
                quote = byte
            } else if byte == Self.equals {
                attributes += 1
                if attributes > budget.maximumAttributesPerElement {
                    throw over(.attributesPerElement, "an element with more than \(budget.maximumAttributesPerElement) attributes", at: tagLine)
                }
            } else if byte == Self.greaterThan {
                state = .text
                if previous != Self.slash {
                    depth += 1
                    if depth > budget.maximumDepth {
                        throw over(.depth, "elements nested more than \(budget.maximumDepth) deep", at: tagLine)
                    }
                }
                return
            }
            state = .startTag(line: tagLine, attributes: attributes, quote: quote, previous: byte)
        }
    }

    /// Follows the start tag's name against the watched one; a prefix (`x:`) starts the match
    /// anew. `watchMatched` is -2 while a name that differs goes on (a colon may still follow).
    private mutating func watchName(_ byte: UInt8) {
        if Self.endsName(byte) {
            if watchMatched == watched.count { sawWatchedElement = true }
            watchMatched = -1
        } else if byte == Self.colon {
            watchMatched = 0
        } else if watchMatched >= 0, watchMatched < watched.count, byte == watched[watchMatched] {
            watchMatched += 1
        } else {
            watchMatched = -2
        }
    }

    /// Whether `byte` ends an element's name.
    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == slash || byte == greaterThan
    }

    /// Enters a skip; the window is cleared so that bytes before the skip never complete its terminator.
    private mutating func skip(until terminator: [UInt8], held: Bool) {
        state = .skipping(terminator: terminator, held: held)
        skipBegan = true
    }

    /// Whether `byte`, after the two bytes of `window`, ends `terminator` (at most three bytes).
    private static func ends(_ terminator: [UInt8], window: (UInt8, UInt8), byte: UInt8) -> Bool {
        switch terminator.count {
        case 1: return byte == terminator[0]
        case 2: return window.1 == terminator[0] && byte == terminator[1]
        default: return window.0 == terminator[0] && window.1 == terminator[1] && byte == terminator[2]
        }
    }

    private func over(_ limit: XMLBudget.Limit, _ found: String, at line: Int) -> XMLError {
        .overBudget(source: source, line: line, limit: limit, maximum: budget.maximum(limit), found: found)
    }
}
