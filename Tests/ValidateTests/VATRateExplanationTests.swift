import Foundation
import InvoiceModel
import Testing
import Findings

/// `VATRateTable.standard` is the one source of the rates and their periods; the
/// `VAT_RATE_INVALID` explanation (`faktura explain`, docs/validation.md) repeats them for
/// people, so a period added to the table and not to the explanation fails here.
@Suite("The VAT_RATE_INVALID explanation and the rate table")
struct VATRateExplanationTests {
    static let explanation = FindingCode.vatRateInvalid.explanation

    /// Every percentage in force today is one the fix offers.
    @Test func theFixOffersEveryPercentageInForceToday() {
        let today = LocalDate.today(in: TimeZone(identifier: "Europe/Moscow")!, now: Date())
        let inForce = VATRateTable.standard.rates(in: "RU", on: today).map(\.text).filter { $0.hasSuffix("%") }
        #expect(!inForce.isEmpty)
        for rate in inForce {
            #expect(Self.explanation.fix.contains(rate), "the VAT_RATE_INVALID fix does not offer \(rate), in force today")
        }
    }

    /// Every law that starts or ends a period of the table is named in the rule.
    @Test func theRuleNamesEveryLawThatChangedARate() {
        let laws = Set(VATRateTable.standard.rules.flatMap { $0.source.matches(of: #/\d+-FZ/#).map { String($0.output) } })
        #expect(!laws.isEmpty)
        for name in laws {
            #expect(Self.explanation.rule.contains(name), "the VAT_RATE_INVALID rule does not name \(name), a source of the rate table")
        }
    }
}
