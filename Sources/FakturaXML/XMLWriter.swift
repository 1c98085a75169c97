/// Builds pretty-printed XML text (2-space indent, one element per line) deterministically.
/// Only leaf elements with text and container elements are written; no mixed content.
struct XMLWriter {
    /// The document so far, as UTF-8: one buffer for the whole document instead of a string per element.
    private(set) var bytes: [UInt8] = []
    private var depth: Int

    var text: String { String(decoding: bytes, as: UTF8.self) }

    init(depth: Int = 0) {
        self.depth = depth
        bytes.reserveCapacity(4096)
    }

    /// A whole document: the XML declaration and one root container.
    static func document(root name: String, attributes: [(String, String)],
                         _ body: (inout XMLWriter) -> Void) -> String {
        String(decoding: documentBytes(root: name, attributes: attributes, body), as: UTF8.self)
    }

    /// ``document(root:attributes:_:)`` as UTF-8 bytes.
    static func documentBytes(root name: String, attributes: [(String, String)],
                              _ body: (inout XMLWriter) -> Void) -> [UInt8] {
        var writer = XMLWriter()
        writer.bytes.append(contentsOf: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        writer.container(name, attributes: attributes, body)
        return writer.bytes
    }

    /// A leaf element; an empty value is written `<name></name>` so it stays distinct from absent.
    mutating func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        appendIndent()
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        appendAttributes(attributes)
        bytes.append(UInt8(ascii: ">"))
        Self.appendEscaped(value, inAttribute: false, to: &bytes)
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ">\n".utf8)
    }

    /// A leaf element only when the value is present (a JSON null is an absent element).
    mutating func element(_ name: String, _ value: String?) {
        if let value { element(name, value) }
    }

    /// An element whose children `body` writes; with no children it is written `<name/>`.
    mutating func container(_ name: String, attributes: [(String, String)] = [],
                            _ body: (inout XMLWriter) -> Void) {
        appendIndent()
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        appendAttributes(attributes)
        let tagEnd = bytes.count
        bytes.append(contentsOf: ">\n".utf8)
        let childrenStart = bytes.count
        depth += 1
        body(&self)
        depth -= 1
        if bytes.count == childrenStart {
            // No children: the open tag becomes the empty-element form.
            bytes.removeSubrange(tagEnd...)
            bytes.append(contentsOf: "/>\n".utf8)
        } else {
            appendIndent()
            bytes.append(contentsOf: "</".utf8)
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: ">\n".utf8)
        }
    }

    private mutating func appendIndent() {
        for _ in 0..<depth { bytes.append(contentsOf: "  ".utf8) }
    }

    private mutating func appendAttributes(_ attributes: [(String, String)]) {
        for (name, value) in attributes {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: "=\"".utf8)
            Self.appendEscaped(value, inAttribute: true, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Appends `value` escaped; most values have nothing to escape and are copied as they are.
    static func appendEscaped(_ value: String, inAttribute: Bool, to out: inout [UInt8]) {
        if needsNoEscaping(value.utf8, inAttribute: inAttribute) {
            out.append(contentsOf: value.utf8)
        } else {
            out.append(contentsOf: escaped(value, inAttribute: inAttribute).utf8)
        }
    }

    /// True when no byte can need escaping: no markup character, no C0 control (TAB and LF
    /// allowed in text) and no 0xEF lead byte (U+FFFE and U+FFFF start with it).
    private static func needsNoEscaping(_ utf8: String.UTF8View, inAttribute: Bool) -> Bool {
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), 0xEF: return false
            case UInt8(ascii: "\""), UInt8(ascii: "\t"), UInt8(ascii: "\n"): if inAttribute { return false }
            case 0..<0x20: return false
            default: continue
            }
        }
        return true
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
