/// Builds pretty-printed XML text (2-space indent, one element per line) deterministically.
/// Only elements with text or with child elements are written; no mixed content.
struct XMLWriter {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    mutating func start(_ name: String, attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributeText(attributes) + ">\n"
        open.append(name)
    }

    mutating func end() {
        let name = open.removeLast()
        text += indent + "</" + name + ">\n"
    }

    /// A leaf element; an empty value is written `<name></name>` so it stays distinct from absent.
    mutating func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributeText(attributes) + ">" + Self.escaped(value, inAttribute: false)
            + "</" + name + ">\n"
    }

    /// A leaf element only when the value is present (a JSON null is an absent element).
    mutating func element(_ name: String, _ value: String?) {
        if let value { element(name, value) }
    }

    /// An element whose children `body` writes; with no children it is written `<name/>`.
    mutating func container(_ name: String, attributes: [(String, String)] = [], _ body: (inout XMLWriter) -> Void) {
        let mark = text.endIndex
        let before = text
        start(name, attributes: attributes)
        let afterStart = text.count
        body(&self)
        if text.count == afterStart {
            // Nothing written inside: collapse to an empty-element tag.
            _ = mark
            text = before + indent.dropLast(2) + "<" + name + Self.attributeText(attributes) + "/>\n"
            open.removeLast()
        } else {
            end()
        }
    }

    private var indent: String { String(repeating: "  ", count: open.count) }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escaped($0.1, inAttribute: true))\"" }.joined()
    }

    /// Escapes markup characters; CR (and in attributes TAB and LF) become character references
    /// so a parser gives back exactly the same string. Characters XML 1.0 cannot carry at all
    /// (C0 controls other than TAB/LF/CR, U+FFFE, U+FFFF) become U+FFFD.
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
