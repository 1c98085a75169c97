import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import ERPAudit

/// The scheme a seller's id is checked under is found without building every scheme's verdict
/// (`OrderChecks.scheme(for:)`), and it is the first verdict's of `TaxIdentifiers.identify`, or
/// the USCC's where no scheme fits, for ids of every scheme, their shapes with a wrong check
/// character, and random texts of digits, letters, spaces and other scripts.
@Suite("Seller id scheme: the same as identify's first verdict")
struct SellerIdSchemeTests {
    @Test func schemeIsIdentifysFirst() {
        let valid = ["91350211M000100Y43", "7707083893", "500100732259", "773601001", "1027700132195",
                     "DE136695976", "FR40303265045", "GB980780684", "100038489", "123456789"]
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXYZ abc-./ИНН号\u{00A0}\u{0663}")
        var random = SeededGenerator(state: 0x5C4E)
        var texts = valid
        for id in valid {
            // One character changed: mostly a wrong check character.
            for _ in 0..<20 {
                var characters = Array(id)
                characters[Int.random(in: 0..<characters.count, using: &random)] = alphabet.randomElement(using: &random)!
                texts.append(String(characters))
            }
        }
        for _ in 0..<20_000 {
            let length = [9, 10, 11, 12, 13, 15, 18, Int.random(in: 0...20, using: &random)].randomElement(using: &random)!
            let digitsOnly = Bool.random(using: &random)
            texts.append(String((0..<length).map { _ in
                digitsOnly ? Character(String(Int.random(in: 0...9, using: &random))) : alphabet.randomElement(using: &random)!
            }))
        }
        for text in texts {
            #expect(OrderChecks.scheme(for: text) == (TaxIdentifiers.identify(text).first?.scheme ?? CN.USCC.name), "\(text)")
        }
    }
}
