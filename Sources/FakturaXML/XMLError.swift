/// One problem found in an XML document or schema, at a place a user can find.
public struct XMLIssue: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line in the source; 0 when libxml2 did not know it.
    public let line: Int
    /// The local name of the element the problem is about, when known.
    public let element: String?
    /// What is wrong, in libxml2's words with namespace braces removed.
    public let message: String

    public init(line: Int, element: String?, message: String) {
        self.line = line
        self.element = element
        self.message = message
    }

    public var description: String {
        var place = line > 0 ? "line \(line)" : "unknown line"
        if let element { place += ", element <\(element)>" }
        return "\(place): \(message)"
    }
}

/// Why an XML document or schema could not be read, naming the source and place.
public enum XMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is not well-formed XML (or not namespace-well-formed).
    case malformed(source: String, line: Int, message: String)
    /// The input has a `<!DOCTYPE …>`; DTDs are refused so that entity declarations
    /// (external entities, entity expansion bombs) can never take effect.
    case doctypeNotAllowed(source: String, line: Int)
    /// The document is well-formed but breaks the schema.
    case invalid(source: String, issues: [XMLIssue])
    /// The XSD itself could not be compiled.
    case schemaInvalid(source: String, issues: [XMLIssue])
    /// The document is well-formed and valid but a value cannot be taken into the model
    /// (for example a date that does not exist).
    case content(source: String, line: Int, element: String, message: String)
    /// The input could not be read at all (a missing file, or larger than libxml2 accepts).
    case unreadable(source: String, message: String)
    /// The input is over one of its ``XMLBudget``'s limits and was refused before parsing;
    /// `line` is where the limit was crossed (0 for the byte count), `found` says what was there.
    case overBudget(source: String, line: Int, limit: XMLBudget.Limit, maximum: Int, found: String)

    public var description: String {
        switch self {
        case let .malformed(source, line, message):
            return "\(source):\(line): malformed XML: \(message)"
        case let .doctypeNotAllowed(source, line):
            return "\(source):\(line): DOCTYPE is not allowed (DTDs and entity declarations are refused; remove the <!DOCTYPE …> declaration)"
        case let .invalid(source, issues):
            return Self.list("\(source): XML does not match its schema", issues)
        case let .schemaInvalid(source, issues):
            return Self.list("\(source): the XML schema (XSD) cannot be compiled", issues)
        case let .content(source, line, element, message):
            return "\(source):\(line): element <\(element)>: \(message)"
        case let .unreadable(source, message):
            return "\(source): cannot read XML: \(message)"
        case let .overBudget(source, line, limit, maximum, found):
            return "\(source)\(line > 0 ? ":\(line)" : ""): refused before parsing: \(found); "
                + "the limit for \(limit.rawValue) in untrusted XML is \(maximum)"
        }
    }

    /// The first line the error points at, when it has one.
    public var line: Int? {
        switch self {
        case let .malformed(_, line, _), let .doctypeNotAllowed(_, line), let .content(_, line, _, _):
            return line
        case let .overBudget(_, line, _, _, _):
            return line > 0 ? line : nil
        case let .invalid(_, issues), let .schemaInvalid(_, issues):
            return issues.first?.line
        case .unreadable:
            return nil
        }
    }

    private static func list(_ head: String, _ issues: [XMLIssue]) -> String {
        if issues.isEmpty { return head }
        return ([head + ":"] + issues.map { "  \($0)" }).joined(separator: "\n")
    }
}
