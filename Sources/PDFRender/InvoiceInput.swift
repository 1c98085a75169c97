public import Foundation
public import InvoiceModel
import FakturaXML

/// Reads an invoice given as canonical JSON or as XML (`urn:faktura:invoice:1`), telling
/// the two apart by the first non-blank character.
public enum InvoiceInput {
    /// Why an input could not be read as an invoice; the message names the input.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let source: String
        public let message: String

        public var description: String { "\(source): \(message)" }
    }

    public static func decode(_ data: Data, source: String) throws(Failure) -> Invoice {
        let first = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        if first == UInt8(ascii: "<") {
            do {
                return try InvoiceXML.decode(data, source: source)
            } catch {
                // XMLError descriptions already start with the source.
                throw Failure(source: source, message: String(describing: error).replacingOccurrences(of: "\(source): ", with: ""))
            }
        }
        do {
            return try InvoiceJSON.decode(data)
        } catch {
            throw Failure(source: source, message: "invalid invoice JSON: \(error)")
        }
    }
}
