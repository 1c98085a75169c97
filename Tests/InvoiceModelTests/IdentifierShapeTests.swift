import Testing
import InvoiceModel

/// A scheme's shape is a pre-filter only: it never rejects a value the scheme's `validate`
/// accepts, so `matchingSchemes` names exactly the schemes whose `validate` accepts the value.
@Suite("Identifier shapes: the pre-filter before validate")
struct IdentifierShapeTests {
    /// Values as a PDF's text gives them (digits, capitals, separators, look-alike letters):
    /// the schemes' examples, then a fixed walk so that a failing value is found again.
    static let values: [String] = {
        let pieces = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "77", "91", "3", "DE", "FR", "NL", "IE", "MA", "A",
                      "B", "M", "Y", "UNP", "УНП", "МА", "-", " ", ".", "B01", "+", "*", "x", "Ж"]
        var state: UInt64 = 0x1D5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Every scheme's valid and invalid examples, then the walk.
        var values: [String] = TaxIdentifiers.schemes.flatMap { $0.examples.valid + $0.examples.invalid.map(\.value) } + ["XIGD123"]
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
