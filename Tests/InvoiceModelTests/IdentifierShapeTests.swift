import Testing
import InvoiceModel

/// A scheme's shape is a pre-filter only: it never rejects a value the scheme's `validate`
/// accepts, so `matchingSchemes` names exactly the schemes whose `validate` accepts the value.
@Suite("Identifier shapes: the pre-filter before validate")
struct IdentifierShapeTests {
    /// Values as a PDF's text gives them (digits, capitals, separators, look-alike letters),
    /// built from a fixed walk so that a failing value is found again.
    static let values: [String] = {
        let pieces = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "77", "91", "3", "DE", "FR", "NL", "IE", "MA", "A",
                      "B", "M", "Y", "UNP", "УНП", "МА", "-", " ", ".", "B01", "+", "*", "x", "Ж"]
        var state: UInt64 = 0x1D5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var values: [String] = ["7707083893", "500100732259", "773601001", "7736AB001", "1027700132195", "304500116000157",
                                "91350100M000100Y43", "91110000600037341L", "4540536920", "971240001315", "200988541",
                                "MA1953684", "DE136695976", "FR40303265045", "NL004495445B01", "IE6388047V", "XIGD123"]
        for _ in 0..<60_000 {
            var value = ""
            let digits = [9, 10, 12, 13, 15, 18][next(6)]
            while value.count < digits {
                value += next(4) == 0 ? pieces[next(pieces.count)] : String(next(10))
            }
            values.append(value)
        }
        return values
    }()

    @Test func matchingSchemesAreTheSchemesWhoseValidateAccepts() {
        var matched = 0
        for value in Self.values {
            let names = TaxIdentifiers.matchingSchemes(for: value).map { $0.name }
            let accepting = TaxIdentifiers.schemes.filter { $0.isValid(value) }.map { $0.name }
            #expect(names == accepting, "\(value)")
            matched += names.isEmpty ? 0 : 1
        }
        // The walk reaches valid values of the schemes, not only rejections.
        #expect(matched > 1_000)
    }

    @Test func everySchemesShapeAdmitsItsValidValues() {
        for value in Self.values {
            for scheme in TaxIdentifiers.schemes {
                guard let compact = try? scheme.validate(value) else { continue }
                let admitted = scheme.shape.admits(compact)
                #expect(admitted, "\(scheme.name): \(value)")
            }
        }
        #expect(!RU.INN.shape.admits("770708389"))
        #expect(!EU.VAT.shape.admits("7707083893"))
        #expect(CN.USCC.shape.admits("91350100M000100Y43"))
    }
}
