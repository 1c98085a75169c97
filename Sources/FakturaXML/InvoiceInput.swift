public import Foundation
public import InvoiceModel

/// Invoice input, read in one place for every command: canonical JSON or the XML form
/// (`urn:faktura:invoice:1`), told apart by the first non-blank character.
///
/// ```swift
/// let invoice = try InvoiceInput.decode(data, source: "invoice.json")
/// InvoiceInput.format(of: data)      // .json, .xml, or nil when it looks like neither
/// ```
public enum InvoiceInput {
    /// The two written forms of an invoice.
    public enum Format: String, Sendable, CaseIterable {
        case json, xml

        /// The media type stored beside the bytes (`application/json`).
        public var mediaType: String { "application/\(rawValue)" }
    }

    /// Why an input could not be read as an invoice; the description names the input.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The underlying error of the form that was tried.
        public enum Reason: Sendable {
            case json(InvoiceDecodingError)
            case xml(XMLError)
        }

        public let source: String
        public let reason: Reason

        /// What is wrong, without the source.
        public var message: String {
            switch reason {
            case .json(let error): return "invalid invoice JSON: \(error)"
            case .xml(let error):
                // XMLError descriptions already start with the source.
                return String(describing: error).replacingOccurrences(of: "\(source): ", with: "")
            }
        }

        public var description: String { "\(source): \(message)" }
    }

    /// The form of the bytes by their first non-blank character (a UTF-8 byte order mark is
    /// skipped): `{` or `[` JSON, `<` XML; nil for anything else (or only blanks in the first 4 KiB).
    public static func format(of data: Data) -> Format? {
        for byte in data.prefix(4096) {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
            case UInt8(ascii: "<"): return .xml
            default: return nil
            }
        }
        return nil
    }

    /// Decodes an invoice; bytes that look like neither form are read as JSON (whose error
    /// then says what is wrong).
    public static func decode(_ data: Data, source: String) throws(Failure) -> Invoice {
        try decode(data, as: format(of: data) ?? .json, source: source)
    }

    /// Decodes an invoice of a known form.
    public static func decode(_ data: Data, as format: Format, source: String) throws(Failure) -> Invoice {
        switch format {
        case .xml:
            do {
                return try InvoiceXML.decode(data, source: source)
            } catch {
                throw Failure(source: source, reason: .xml(error))
            }
        case .json:
            do {
                return try InvoiceJSON.decode(data)
            } catch {
                throw Failure(source: source, reason: .json(error))
            }
        }
    }
}
