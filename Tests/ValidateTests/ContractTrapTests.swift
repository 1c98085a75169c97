import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Validate

/// Slips that used to make a wrong document without a word: each is now a finding.
@Suite("Contract traps")
struct ContractTrapTests {
    @Test func aTypoedKeyFailsValidationAsSchemaNamingTheKey() throws {
        let json = Samples.json(Samples.russianInvoice) { object in
            object["pricesIncludesVAT"] = true
        }
        let report = Samples.validator.validate(data: json, source: "typo.json")
        #expect(report.status == .failed)
        let finding = try #require(report.findings.first)
        #expect(finding.code == .schema)
        #expect(finding.field == "pricesIncludesVAT")
        #expect(finding.message == "unknown key 'pricesIncludesVAT' at $; did you mean 'pricesIncludeVat'?")
    }

    @Test func anUnknownKeyNamedLikeAFieldIsStillSchema() throws {
        // `quantity` inside `unit` is not the line's quantity: the code must not be QUANTITY_INVALID.
        let json = Samples.json(Samples.russianInvoice) { object in
            var lines = object["lines"] as! [[String: Any]]
            lines[0]["unit"] = ["code": "166", "quantity": "2"]
            object["lines"] = lines
        }
        let finding = try #require(Samples.validator.validate(data: json, source: "unit.json").findings.first)
        #expect(finding.code == .schema)
        #expect(finding.field == "lines[0].unit.quantity")
    }

    // MARK: Marketplace rules follow the order

    static var russianOzonInvoice: Invoice {
        var invoice = Samples.russianInvoice
        invoice.order = OrderReference(marketplace: "ozon", orderNumber: "0123456789-0001", postingNumber: "0123456789-0001-1")
        return invoice
    }

    @Test func aRussianSellersOzonInvoiceWithA63CharacterNumberFailsUnderTheDefaultProfile() {
        var invoice = Self.russianOzonInvoice
        invoice.number = String(repeating: "1234567", count: 9)  // 63 characters
        #expect(Samples.validator.profile(for: invoice) == .ruInvoice)
        let findings = Samples.validator.validate(invoice)
        #expect(findings.map(\.code) == [.numberFormat])
        #expect(findings.first?.message.contains("63 characters; Ozon accepts at most 50") == true)
    }

    @Test func ozonLimitsApplyUnderEveryProfileOnlyToOzonOrders() {
        var invoice = Self.russianOzonInvoice
        invoice.currency = "KZT"
        for profile in ValidationProfile.allCases {
            let codes = InvoiceValidator(profile: profile, today: Samples.today).validate(invoice).map(\.code)
            #expect(codes.contains(.currencyUnknown), "\(profile)")
        }
        invoice.order?.marketplace = " OZON "
        #expect(Samples.codes(invoice).contains(.currencyUnknown))
        invoice.order?.marketplace = "wildberries"
        #expect(Samples.codes(invoice).isEmpty)
        invoice.order = nil
        #expect(Samples.codes(invoice).isEmpty)
    }

    // MARK: Corrections

    @Test func aCorrectionWithNumberAndALaterDateIsClean() {
        var invoice = Samples.russianInvoice
        invoice.correction = DocumentReference(number: "1", date: Samples.date("2026-11-25"))
        #expect(Samples.codes(invoice).isEmpty)
    }

    @Test func aCorrectionNeedsANumberAndADateNotBeforeTheInvoice() {
        var invoice = Samples.russianInvoice
        invoice.correction = DocumentReference(number: " ", date: Samples.date("2026-11-19"))
        let findings = Samples.validator.validate(invoice)
        #expect(findings.map(\.code) == [.numberFormat, .dateInvalid])
        #expect(findings.map(\.field) == ["correction.number", "correction.date"])
        #expect(findings.last?.message == "the correction is dated 2026-11-19, before the invoice it corrects (2026-11-20)")
        invoice.correction = DocumentReference(number: "2")
        #expect(Samples.validator.validate(invoice).map(\.field) == ["correction.date"])
    }
}
