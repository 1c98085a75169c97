import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import Findings
@testable import Validate

/// One invoice that must trigger exactly one code (and nothing else).
struct TriggerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let code: FindingCode
    let severity: Severity
    let invoice: Invoice
    var validator: InvoiceValidator = Samples.validator
    var testDescription: String { "\(code.rawValue): \(name)" }

    static func ru(_ name: String, _ code: FindingCode, _ severity: Severity = .error, _ edit: (inout Invoice) -> Void) -> TriggerCase {
        var invoice = Samples.russianInvoice
        edit(&invoice)
        return TriggerCase(name: name, code: code, severity: severity, invoice: invoice)
    }

    static func cn(_ name: String, _ code: FindingCode, _ severity: Severity = .error, _ edit: (inout Invoice) -> Void) -> TriggerCase {
        var invoice = Samples.chineseInvoice
        edit(&invoice)
        return TriggerCase(name: name, code: code, severity: severity, invoice: invoice)
    }
}

private let hsTable = try! HSNomenclature(csv: "hscode,description\n851713,Smartphones\n090121,Coffee\n850940,Food grinders\n",
                                          source: "test-hs.csv")

let triggerCases: [TriggerCase] = [
    .ru("seller without address", .schema) { $0.seller.address = nil },
    .cn("buyer with an empty name", .schema) { $0.buyer.name = "  " },
    .cn("invoice without lines", .schema) { $0.lines = [] },
    .ru("line without unit on a Russian invoice", .schema) { $0.lines[1].unit = nil },
    .cn("foreign seller without country", .schema) { $0.seller.country = nil },
    .ru("empty number", .numberFormat) { $0.number = "" },
    .cn("a pictogram no embedded font draws in a line name", .glyphMissing, .warning) { $0.lines[0].name += " 🚀" },
    .ru("a private-use character in the buyer's address", .glyphMissing, .warning) { $0.buyer.address! += " \u{E000}" },
    .cn("number with characters Ozon refuses", .numberFormat) { $0.number = "CN#2026 000123" },
    .cn("number longer than 50", .numberFormat) { $0.number = String(repeating: "A1", count: 26) },
    .ru("dated tomorrow", .dateInvalid) { $0.date = Samples.date("2026-11-28") },
    .cn("payment document dated in the future", .dateInvalid) {
        $0.paymentDocuments = [DocumentReference(number: "7", date: Samples.date("2027-01-05"))]
    },
    .ru("currency that is not ISO 4217", .currencyUnknown) { $0.currency = "RUR" },
    .cn("currency Ozon does not accept", .currencyUnknown) { $0.currency = "KZT" },
    .ru("Russian seller without KPP", .taxIdMissing) { $0.seller.taxIds.removeAll { $0.scheme == "ru-kpp" } },
    .ru("Russian seller without INN", .taxIdMissing) { $0.seller.taxIds.removeAll { $0.scheme == "ru-inn" } },
    .ru("buyer without INN: a private person (warning)", .taxIdMissing, .warning) { $0.buyer.taxIds = [] },
    .cn("Chinese seller without USCC", .taxIdMissing) {
        $0.seller.taxIds = [TaxID(scheme: "ru-inn", value: "7707083893")]
    },
    .cn("Ozon buyer without INN: a private person of a B2C order (warning)", .taxIdMissing, .warning) { $0.buyer.taxIds = [] },
    .cn("Ozon buyer with a KPP but no INN", .taxIdMissing) { $0.buyer.taxIds.removeAll { $0.scheme == "ru-inn" } },
    .ru("INN of 8 digits", .taxIdFormat) { $0.buyer.taxIds[0].value = "50010073" },
    .cn("USCC with a letter O", .taxIdFormat) { $0.seller.taxIds[0].value = "91440300MA5G8K2PO7" },
    .cn("identifier of an unknown scheme (warning)", .taxIdFormat, .warning) {
        $0.buyer.taxIds.append(TaxID(scheme: "xx-tax", value: "123"))
    },
    .ru("INN with a wrong check digit", .taxIdChecksum) { $0.buyer.taxIds[0].value = "7736050004" },
    .cn("USCC with a wrong check character", .taxIdChecksum) { $0.seller.taxIds[0].value = "91440300MA5G8K2P18" },
    .cn("Ozon line without HS code", .hsCodeMissing) { $0.lines[1].hsCode = nil },
    .ru("Russian line without HS code (warning)", .hsCodeMissing, .warning) { $0.lines[1].hsCode = "" },
    .cn("HS code of 5 digits", .hsCodeFormat) { $0.lines[0].hsCode = "85171" },
    .ru("HS code in reserved chapter 77", .hsCodeFormat) { $0.lines[1].hsCode = "7701000000" },
    .cn("HS code with letters", .hsCodeFormat) { $0.lines[0].hsCode = "8517A30000" },
    TriggerCase(name: "HS subheading not in the table", code: .hsCodeUnknown, severity: .error,
                invoice: Samples.chineseInvoice,
                validator: InvoiceValidator(hsTable: hsTable, today: Samples.today)),
    .ru("origin that is no country", .countryUnknown) { $0.lines[1].originCountry = "XX" },
    .cn("buyer country written out", .countryUnknown) { $0.buyer.country = "Россия" },
    .ru("imported coffee without declaration", .customsDeclarationMissing) { $0.lines[0].customsDeclaration = nil },
    .ru("declaration dated 31 November", .customsDeclarationFormat) { $0.lines[0].customsDeclaration = "10702070/311126/3000123" },
    .cn("declaration with a short office code", .customsDeclarationFormat) { $0.lines[0].customsDeclaration = "1070207/201126/3123456" },
    .ru("a batch number (РНПТ) without its item", .traceabilityFormat) {
        $0.lines[0].traceability = Traceability(batchNumber: "10702070/011126/3000123", unit: UnitOfMeasure(code: "166", name: "кг"),
                                                quantity: Decimal(string: "2.375")!)
    },
    .cn("a traceability quantity of zero", .traceabilityFormat) {
        $0.lines[0].traceability = Traceability(batchNumber: "10702070/201126/3123456/001", unit: UnitOfMeasure(code: "796"), quantity: 0)
    },
    .cn("a marking code whose GTIN fails its check digit", .markingCodeFormat) {
        $0.lines[0].markingCodes = ["0104607012345670215Ab1Cd2Ef3Gh4"]
    },
    .ru("a marking code without its serial", .markingCodeFormat) { $0.lines[1].markingCodes = ["0104607012345677"] },
    .ru("unit code that is not OKEI", .unitUnknown) { $0.lines[1].unit = UnitOfMeasure(code: "999", name: "шт") },
    .ru("quantity zero", .quantityInvalid) { $0.lines[1].quantity = 0 },
    .cn("negative quantity", .quantityInvalid) { $0.lines[0].quantity = -1 },
    .ru("negative price", .priceInvalid) { $0.lines[1].price = -5 },
    .ru("20% on a 2026 invoice", .vatRateInvalid) { $0.lines[1].vatRate = .percent(20) },
    .cn("20/120 on a 2026 invoice", .vatRateInvalid) { $0.lines[0].vatRate = .calculated(20) },
    .ru("18% after 2018", .vatRateInvalid) { $0.lines[1].vatRate = .percent(18) },
    .ru("22% on a 2025 invoice", .vatRateInvalid) {
        $0.date = Samples.date("2025-11-20"); $0.paymentDocuments = []
    },
    .ru("jurisdiction without a rate table (warning)", .vatRateInvalid, .warning) { $0.jurisdiction = "KZ" },
    .ru("line VAT off by more than a kopeck", .vatAmountMismatch) { $0.lines[1].vatAmount = Decimal(string: "1097.70")! },
    .ru("VAT stated on a line without VAT", .vatAmountMismatch) {
        $0.lines[1].vatRate = .none; $0.lines[1].vatAmount = Decimal(string: "898.20")!
    },
    .cn("line VAT computed as if prices excluded VAT", .vatAmountMismatch) {
        $0.lines[0].vatAmount = Decimal(string: "5432.09")!   // 24691.34 x 22% instead of x 22/122
    },
    .ru("line amount that is not price x quantity", .totalMismatch) {
        $0.lines[0].amountWithoutVat = Decimal(string: "3443.00")!
    },
    .cn("line amount with VAT off", .totalMismatch) { $0.lines[1].amountWithVat = Decimal(string: "1479.00")! },
    .cn("invoice total off", .totalMismatch) {
        $0.totals = InvoiceTotals(amountWithoutVat: Decimal(string: "21465.85")!, vatAmount: Decimal(string: "4722.49")!,
                                  amountWithVat: Decimal(string: "26188.43")!)
    },
]

@Suite("Each finding code: one invoice that triggers exactly it")
struct FindingTriggerTests {
    @Test(arguments: triggerCases)
    func invoiceTriggersExactlyItsCode(_ trigger: TriggerCase) {
        let findings = trigger.validator.validate(trigger.invoice)
        #expect(Set(findings.map(\.code)) == [trigger.code], "\(findings)")
        #expect(findings.allSatisfy { $0.severity == trigger.severity }, "\(findings)")
        #expect(findings.allSatisfy { !$0.message.isEmpty && $0.field != nil })
    }

    @Test func cleanRussianInvoiceTriggersNothing() {
        #expect(Samples.validator.validate(Samples.russianInvoice) == [])
        #expect(Samples.validator.profile(for: Samples.russianInvoice) == .ruInvoice)
    }

    @Test func cleanChineseInvoiceTriggersNothing() {
        #expect(Samples.validator.validate(Samples.chineseInvoice) == [])
        #expect(Samples.validator.profile(for: Samples.chineseInvoice) == .ozonCrossborder)
    }

    @Test func everyCodeARuleDeclaresHasATriggerCase() {
        let declared = Set(InvoiceRule.all.flatMap(\.codes))
        let triggered = Set(triggerCases.map(\.code))
        #expect(declared.subtracting(triggered) == [])
    }
}

@Suite("Characters the embedded fonts draw")
struct GlyphCoverageFindingTests {
    @Test func theFindingNamesTheCodePointAndTheField() throws {
        var invoice = Samples.chineseInvoice
        invoice.lines[0].name += " 🚀🚀"
        let findings = Samples.validator.validate(invoice)
        #expect(findings.count == 1, "\(findings)")
        let finding = try #require(findings.first)
        #expect(finding.code == .glyphMissing)
        #expect(finding.field == "lines[0].name")
        #expect(finding.message.hasPrefix("U+1F680 (🚀)"), "\(finding.message)")
    }

    @Test func rareIdeographsOfExtensionBAreCoveredByTheFallbackFont() {
        var invoice = Samples.chineseInvoice
        invoice.seller.localName = "𠀀𠀁𪚥 示例科技有限公司"  // U+20000, U+20001 (Ext B), U+2A6A5
        #expect(Samples.validator.validate(invoice) == [])
        #expect(GlyphCoverage.covers("𠀀"))
        #expect(!GlyphCoverage.covers("🚀"))
    }
}

@Suite("VAT rates by date and arithmetic of docs/invoice.md")
struct VATAndArithmeticTests {
    @Test func twentyPercentIsValidIn2025() {
        var invoice = Samples.russianInvoice
        invoice.date = Samples.date("2025-11-20")
        invoice.paymentDocuments = []
        invoice.lines[1].vatRate = .percent(20)
        #expect(Samples.validator.validate(invoice) == [])
    }

    @Test func twentyPercentIsInvalidIn2026AndTheMessageSaysWhy() throws {
        var invoice = Samples.russianInvoice
        invoice.lines[1].vatRate = .percent(20)
        let finding = try #require(Samples.validator.validate(invoice).first)
        #expect(finding.code == .vatRateInvalid)
        #expect(finding.field == "lines[1].vatRate")
        #expect(finding.message.contains("2026-11-20") && finding.message.contains("22%"))
    }

    @Test func tenPercentAndNoneAreValidIn2026() {
        var invoice = Samples.russianInvoice
        invoice.lines.append(InvoiceLine(name: "Книга", hsCode: "4901990000", unit: UnitOfMeasure(code: "796"),
                                         quantity: 1, price: 500, vatRate: .none, originCountry: "RU"))
        let calculation = invoice.calculate()
        invoice.lines[2].vatAmount = nil
        invoice.lines[2].amountWithVat = Decimal(string: "500.00")!
        invoice.totals = InvoiceTotals(amountWithoutVat: calculation.amountWithoutVat, vatAmount: calculation.vatAmount,
                                       amountWithVat: calculation.amountWithVat)
        #expect(Samples.validator.validate(invoice) == [])
    }

    @Test func fractionalQuantityRoundsHalfUpAndOneKopeckIsTolerated() {
        var invoice = Samples.russianInvoice
        // 2.375 kg x 1450.00 = 3443.75; VAT 10% = 344.375, rounded half-up 344.38.
        invoice.lines[0].amountWithoutVat = Decimal(string: "3443.75")!
        invoice.lines[0].vatAmount = Decimal(string: "344.38")!
        invoice.lines[0].amountWithVat = Decimal(string: "3788.13")!
        #expect(Samples.validator.validate(invoice) == [])
        invoice.lines[0].vatAmount = Decimal(string: "344.37")!   // one minor unit off: tolerated
        #expect(Samples.validator.validate(invoice) == [])
        invoice.lines[0].vatAmount = Decimal(string: "344.36")!   // two off: reported with both figures
        let findings = Samples.validator.validate(invoice)
        #expect(findings.map(\.code) == [.vatAmountMismatch])
        #expect(findings.first?.message.contains("344.36") == true)
        #expect(findings.first?.message.contains("344.38") == true)
    }

    @Test func pricesWithVATExtractTheTaxAndStatedTotalsAgree() {
        var invoice = Samples.chineseInvoice
        // 24691.34 x 22/122 = 4452.536 → 4452.54; 1497.00 x 22/122 = 269.95.
        invoice.lines[0].vatAmount = Decimal(string: "4452.54")!
        invoice.lines[1].vatAmount = Decimal(string: "269.95")!
        invoice.totals = InvoiceTotals(amountWithoutVat: Decimal(string: "21465.85")!, vatAmount: Decimal(string: "4722.49")!,
                                       amountWithVat: Decimal(string: "26188.34")!)
        #expect(Samples.validator.validate(invoice) == [])
    }

    @Test func totalMismatchNamesBothFigures() throws {
        var invoice = Samples.chineseInvoice
        invoice.totals = InvoiceTotals(amountWithVat: Decimal(string: "26000.00")!)
        let finding = try #require(Samples.validator.validate(invoice).first)
        #expect(finding.code == .totalMismatch && finding.field == "totals.amountWithVat")
        #expect(finding.message.contains("26000.00") && finding.message.contains("26188.34"))
    }
}

@Suite("Profiles and dates")
struct ProfileTests {
    @Test func profileIsChosenBySellerCountry() {
        var invoice = Samples.chineseInvoice
        #expect(ValidationProfile.defaultProfile(for: invoice) == .ozonCrossborder)
        invoice.seller.country = "RU"
        #expect(ValidationProfile.defaultProfile(for: invoice) == .ruInvoice)
        invoice.seller.country = nil
        invoice.seller.taxIds = [TaxID(scheme: "ru-inn", value: "7707083893")]
        #expect(ValidationProfile.defaultProfile(for: invoice) == .ruInvoice)
    }

    @Test func explicitProfileOverridesTheSellerCountry() {
        // Under ru-invoice the Chinese seller lacks the INN a счёт-фактура needs.
        let validator = InvoiceValidator(profile: .ruInvoice, today: Samples.today)
        let codes = Set(validator.validate(Samples.chineseInvoice).map(\.code))
        #expect(codes.contains(.taxIdMissing))
    }

    @Test func todayIsTakenInTheSellersTimeZone() {
        let validator = InvoiceValidator()
        var invoice = Samples.chineseInvoice
        let shanghai = LocalDate.today(in: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(validator.today(for: invoice) == shanghai)
        invoice.seller.country = "RU"
        #expect(validator.today(for: invoice) == LocalDate.today(in: TimeZone(identifier: "Europe/Moscow")!))
        invoice.seller.country = "BR"
        #expect(validator.today(for: invoice) == LocalDate.today(in: TimeZone(identifier: "UTC")!))
    }

    @Test func everyRuleBelongsToAProfileAndHasCodes() {
        for rule in InvoiceRule.all {
            #expect(!rule.profiles.isEmpty && !rule.codes.isEmpty && !rule.summary.isEmpty, "\(rule.id)")
        }
        #expect(Set(InvoiceRule.all.map(\.id)).count == InvoiceRule.all.count)
        #expect(Set(InvoiceRule.all.map(\.id)) == Set(RuleID.allCases), "every rule identifier has its rule")
        #expect(InvoiceRule.rule(.numberOzon).id == .numberOzon)
        #expect(InvoiceRule.rules(for: .ozonCrossborder).contains { $0.id == .sellerHomeTaxID })
        #expect(!InvoiceRule.rules(for: .ruInvoice).contains { $0.id == .sellerHomeTaxID })
    }
}
