import Foundation

/// The pre-scan that holds untrusted XML to an ``XMLBudget`` before libxml2 parses it.
///
/// It does not check well-formedness (libxml2 does, afterwards); it only counts, and it counts
/// exactly for well-formed XML: one start tag per element, one `=` outside quotes per attribute,
/// depth +1 per start tag that is not `<…/>`, −1 per end tag. Comments, CDATA sections and
/// processing instructions are skipped whole (a `<` inside them is text), their bytes counted
/// against ``XMLBudget/maximumCommentBytes``. At a `<!DOCTYPE` it
/// stops: libxml2 refuses the declaration before reading further.
enum XMLBudgetScan {
    static func check(_ data: Data, source: String, budget: XMLBudget) throws(XMLError) {
        guard data.count <= budget.maximumBytes else {
            throw .overBudget(source: source, line: 0, limit: .bytes, maximum: budget.maximumBytes,
                              found: "\(data.count) bytes")
        }
        let failure: XMLError? = data.withUnsafeBytes { raw in
            scan(raw.bindMemory(to: UInt8.self), source: source, budget: budget)
        }
        if let failure { throw failure }
    }

    private static let lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">"), newline = UInt8(ascii: "\n")
    private static let bang = UInt8(ascii: "!"), question = UInt8(ascii: "?"), slash = UInt8(ascii: "/")
    private static let equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
    private static let commentStart = Array("<!--".utf8), commentEnd = Array("-->".utf8)
    private static let cdataStart = Array("<![CDATA[".utf8), cdataEnd = Array("]]>".utf8)
    private static let instructionEnd = Array("?>".utf8)

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, source: String, budget: XMLBudget) -> XMLError? {
        let count = bytes.count
        var index = 0, line = 1, depth = 0, nodes = 0, commentBytes = 0

        /// Moves past `terminator` (counting lines); false when the input ends first.
        func skip(past terminator: [UInt8]) -> Bool {
            while index < count {
                if bytes[index] == newline { line += 1 }
                if bytes[index] == terminator[0], index + terminator.count <= count,
                   terminator.indices.allSatisfy({ bytes[index + $0] == terminator[$0] }) {
                    index += terminator.count
                    return true
                }
                index += 1
            }
            return false
        }
        func startsWith(_ text: [UInt8]) -> Bool {
            index + text.count <= count && text.indices.allSatisfy { bytes[index + $0] == text[$0] }
        }
        func over(_ limit: XMLBudget.Limit, _ found: String, at line: Int) -> XMLError {
            .overBudget(source: source, line: line, limit: limit, maximum: budget.maximum(limit), found: found)
        }
        /// Counts what a comment or instruction that began at `start` held; nil while within budget.
        func heldComment(from start: Int) -> XMLError? {
            commentBytes += index - start
            guard commentBytes > budget.maximumCommentBytes else { return nil }
            return over(.commentBytes, "more than \(budget.maximumCommentBytes) bytes in comments and processing instructions", at: line)
        }

        while index < count {
            let byte = bytes[index]
            if byte == newline { line += 1 }
            guard byte == lessThan, index + 1 < count else { index += 1; continue }
            let next = bytes[index + 1]
            if next != slash {
                nodes += 1
                if nodes > budget.maximumNodes { return over(.nodes, "more than \(budget.maximumNodes) nodes", at: line) }
            }
            if next == bang {
                if startsWith(commentStart) {
                    let start = index
                    index += commentStart.count
                    let closed = skip(past: commentEnd)
                    if let failure = heldComment(from: start) { return failure }
                    guard closed else { return nil }
                } else if startsWith(cdataStart) {
                    index += cdataStart.count
                    guard skip(past: cdataEnd) else { return nil }
                } else {
                    return nil  // <!DOCTYPE: libxml2 refuses it before reading on
                }
            } else if next == question {
                let start = index
                index += 2
                let closed = skip(past: instructionEnd)
                if let failure = heldComment(from: start) { return failure }
                guard closed else { return nil }
            } else if next == slash {
                depth = max(0, depth - 1)
                index += 2
                guard skip(past: [greaterThan]) else { return nil }
            } else {
                // A start tag: count `=` outside quoted values up to the closing `>`.
                let tagLine = line
                var attributes = 0
                var openQuote: UInt8? = nil
                var previous: UInt8 = 0
                index += 1
                while index < count {
                    let current = bytes[index]
                    if current == newline { line += 1 }
                    if let quoteByte = openQuote {
                        if current == quoteByte { openQuote = nil }
                    } else if current == quote || current == apostrophe {
                        openQuote = current
                    } else if current == equals {
                        attributes += 1
                        if attributes > budget.maximumAttributesPerElement {
                            return over(.attributesPerElement, "an element with more than \(budget.maximumAttributesPerElement) attributes",
                                        at: tagLine)
                        }
                    } else if current == greaterThan {
                        break
                    }
                    previous = current
                    index += 1
                }
                guard index < count else { return nil }
                index += 1
                if previous != slash {
                    depth += 1
                    if depth > budget.maximumDepth {
                        return over(.depth, "elements nested more than \(budget.maximumDepth) deep", at: tagLine)
                    }
                }
            }
        }
        return nil
    }
}
