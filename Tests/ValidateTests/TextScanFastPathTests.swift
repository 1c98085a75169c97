import Foundation
import Testing
@testable import Validate

/// The byte-level fast paths of the text scan give exactly what the slower general code gives:
/// lower case as `String.lowercased()`, tax-id tokens as after `uppercased()`, line labels as
/// the label search, amounts and posting numbers as the regular expressions.
@Suite("Text scan fast paths agree with the general code")
struct TextScanFastPathTests {
    /// Every scalar of the Basic Multilingual Plane (but surrogates), alone and between letters.
    static let scalars: [Unicode.Scalar] = (0x20...0xFFFF).compactMap { Unicode.Scalar($0) }

    @Test func lowerCaseIsStringLowercasedForEveryScalar() {
        for scalar in Self.scalars {
            for text in [String(scalar), "ИТОГО \(scalar)Total", "\(scalar)\(scalar)合计"] {
                #expect(TextCaseFolding.lowercased(text) == text.lowercased(), "U+\(String(scalar.value, radix: 16))")
            }
        }
        #expect(TextCaseFolding.lowercased("ВСЕГО К ОПЛАТЕ: 1 234,56 ЁЖЇ") == "всего к оплате: 1 234,56 ёжї")
    }

    @Test func taxIdTokensAreTheUpperCasedLinesForEveryScalar() {
        for scalar in Self.scalars {
            for text in ["inn 7704217370\(scalar)abcdefghij", "\(scalar)91350211m000100y43 ", "abcd\(scalar)efghijklmnopqrstuvwxyz0123"] {
                #expect(InvoiceTextScan.tokens(in: text) == InvoiceTextScan.tokens(inUppercased: text.uppercased()),
                        "U+\(String(scalar.value, radix: 16))")
            }
        }
    }
}
