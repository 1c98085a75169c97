/// Builds pretty-printed XML text (2-space indent, one element per line) deterministically.
/// Only leaf elements with text and container elements are written; no mixed content.
struct XMLWriter {
    private(set) var text = ""
    private let depth: Int

    init(depth: Int = 0) { self.depth = depth }

    /// A whole document: the XML declaration and one root container.
    static func document(root name: String, attributes: [(String, String)],
                         _ body: (inout XMLWriter) -> Void) -> String {
        var writer = XMLWriter()
        writer.container(name, attributes: attributes, body)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + writer.text
    }

    /// A leaf element; an empty value is written `<name></name>` so it stays distinct from absent.
    mutating func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributeText(attributes) + ">"
            + Self.escaped(value, inAttribute: false) + "</" + name + ">\n"
    }

    /// A leaf element only when the value is present (a JSON null is an absent element).
    mutating func element(_ name: String, _ value: String?) {
        if let value { element(name, value) }
    }

    /// An element whose children `body` writes; with no children it is written `<name/>`.
    mutating func container(_ name: String, attributes: [(String, String)] = [],
                            _ body: (inout XMLWriter) -> Void) {
        var inner = XMLWriter(depth: depth + 1)
        body(&inner)
        let tag = name + Self.attributeText(attributes)
        if inner.text.isEmpty {
            text += indent + "<" + tag + "/>\n"
        } else {
            text += indent + "<" + tag + ">\n" + inner.text + indent + "</" + name + ">\n"
        }
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escaped($0.1, inAttribute: true))\"" }.joined()
    }

    /// Escapes markup characters; CR (and in attributes TAB and LF) become character references
    /// so that a parser gives back exactly the same string. Characters XML 1.0 cannot carry at
    /// all (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF) become U+FFFD.
    static func escaped(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// Escaping for XML that other modules write by hand (JUnit reports), the same the invoice
/// XML uses, so that a parser gives back exactly the string that was written.
public enum XMLText {
    public static func escaped(_ value: String, inAttribute: Bool) -> String {
        XMLWriter.escaped(value, inAttribute: inAttribute)
    }
}
