public import Foundation

/// The project's one JSON writer: a JSON value written with a fixed key order and exact number
/// text, for reports and payloads that must be byte-stable (a bundle manifest) or carry decimals
/// exactly (a price). ``quote(_:into:)`` is the string escaping, also for writers that stream
/// bytes (the audit report).
public indirect enum JSONText: Sendable, Hashable {
    case string(String)
    /// Number text as it should appear (`12345.67`), never through a binary float.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONText])
    /// Keys in the order given.
    case object([(String, JSONText)])

    public static func == (lhs: JSONText, rhs: JSONText) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    public static func optional(_ text: String?) -> JSONText { text.map(JSONText.string) ?? .null }
    public static func integer(_ value: some BinaryInteger) -> JSONText { .number(String(value)) }

    /// An object of the members that have a value (nil ones are left out), keys in order given.
    public static func object(omittingNils members: [(String, JSONText?)]) -> JSONText {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// The same value with every object's keys sorted (by Unicode scalar), at every depth.
    public func sortingKeys() -> JSONText {
        switch self {
        case .array(let items): .array(items.map { $0.sortingKeys() })
        case .object(let members): .object(members.map { ($0.0, $0.1.sortingKeys()) }.sorted { $0.0 < $1.0 })
        case .string, .number, .bool, .null: self
        }
    }

    /// The JSON text; `indent` spaces per level, or one line when 0. Ends without a newline.
    public func rendered(indent: Int = 2) -> String {
        var out = ""
        write(to: &out, indent: indent, level: 0)
        return out
    }

    /// Whether the bytes are one well-formed JSON value (RFC 8259), as the project's one
    /// reader (``JSONReader``) reads it.
    public static func isWellFormed(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            (try? JSONReader.read(raw.bindMemory(to: UInt8.self))) != nil
        }
    }

    /// The JSON text as UTF-8 with a final newline.
    public func data(indent: Int = 2) -> Data { Data((rendered(indent: indent) + "\n").utf8) }

    private func write(to out: inout String, indent: Int, level: Int) {
        let newline = indent > 0 ? "\n" : ""
        let pad = { (depth: Int) in String(repeating: " ", count: indent * depth) }
        switch self {
        case .string(let text): Self.quote(text, into: &out)
        case .number(let text): out += text
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += pad(level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
                out += (index < items.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{" + newline
            for (index, (key, value)) in members.enumerated() {
                out += pad(level + 1)
                Self.quote(key, into: &out)
                out += indent > 0 ? ": " : ":"
                value.write(to: &out, indent: indent, level: level + 1)
                out += (index < members.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        quote(text, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal: quotes, backslashes and control characters
    /// escaped (also U+007F–U+009F, U+2028 and U+2029, which some JavaScript readers choke on).
    /// Reads the UTF-8 bytes: every other scalar is written as its own bytes.
    public static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + 1)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x22: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case 0x5C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0..<0x20, 0x7F:
                    appendEscape(UInt32(byte), to: &out)
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] <= 0x9F:
                    // U+0080...U+009F (C2 80...C2 9F).
                    appendEscape(UInt32(bytes[index + 1]), to: &out)
                    index += 1
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028, U+2029 (E2 80 A8, E2 80 A9).
                    appendEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                    index += 2
                default:
                    out.append(byte)
                }
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `\uXXXX` of a scalar below U+10000.
    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
