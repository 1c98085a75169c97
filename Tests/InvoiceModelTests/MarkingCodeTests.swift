import Foundation
import InvoiceModel
import Testing

/// Marking codes (КИЗ) as GS1 DataMatrix reads them: each part found or its fault named.
@Suite("Marking codes")
struct MarkingCodeTests {
    static let signature = String(repeating: "Ab3=", count: 11)  // 44 characters, as AI 92 has

    @Test func aFullCodeIsReadPartByPart() throws {
        let code = try MarkingCode.parse("0104607012345677215Ab1Cd2Ef3Gh4\u{1D}91EE06\u{1D}92\(Self.signature)")
        #expect(code.gtin == "04607012345677")
        #expect(code.serial == "5Ab1Cd2Ef3Gh4")
        #expect(code.tail.map(\.identifier) == ["91", "92"])
        #expect(code.tail.last?.value.count == 44)
        #expect(code.identification == "0104607012345677215Ab1Cd2Ef3Gh4")
        // As a scanner with the symbology identifier or a leading FNC1 gives it.
        #expect(try MarkingCode.parse("]d20104607012345677215Ab1Cd2Ef3Gh4").serial == "5Ab1Cd2Ef3Gh4")
        #expect(try MarkingCode.parse("\u{1D}0104606068329389215Ab1Cd2Ef3Gh4").gtin == "04606068329389")
    }

    @Test func eachFaultIsNamed() {
        let cases: [(String, MarkingCodeError)] = [
            ("", .empty),
            ("0204607012345677215Ab1", .noGTIN),
            ("01046070123A5677215Ab1", .gtinNotDigits("046070123A5677")),
            ("0104607012345670215Ab1", .gtinCheckDigit("04607012345670")),
            ("0104607012345677", .noSerial),
            ("010460701234567721" + String(repeating: "A", count: 21), .serialLength(21)),
            ("0104607012345677215Ab 1", .serialCharacter(" ")),
            ("0104607012345677215Ab1\u{1D}10LOT", .unknownIdentifier("10")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text.debugDescription)") { try MarkingCode.parse(text) }
        }
    }
}
