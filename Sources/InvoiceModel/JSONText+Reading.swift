public import Foundation

extension JSONText {
    /// Reads one JSON document with the project's one reader (``JSONReader``: strict RFC 8259,
    /// depth-limited) into a value: numbers keep their exact source text (money never passes
    /// through `Double`), object members keep document order (a repeated key stays repeated;
    /// ``subscript(_:)`` finds the first).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONText {
        JSONText(try JSONReader.read(bytes), in: bytes)
    }

    /// ``parse(_:)-(UnsafeBufferPointer<UInt8>)`` over `Data`.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONText {
        let result: Result<JSONText, JSONSyntaxError> = data.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) {
                return .success(try parse(raw.bindMemory(to: UInt8.self)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The value of the first member named `key`; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONText? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// What kind of value this is, for messages: "a string", "an object", ...
    public var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "true/false"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private init(_ value: JSONValue, in bytes: UnsafeBufferPointer<UInt8>) {
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let range): self = .number(text(range))
        case .string(let string): self = .string(string)
        case .array(let elements): self = .array(elements.map { JSONText($0, in: bytes) })
        case .object(let members):
            self = .object(members.map { ($0.escapedKey ?? text($0.keyRange), JSONText($0.value, in: bytes)) })
        }
    }
}
