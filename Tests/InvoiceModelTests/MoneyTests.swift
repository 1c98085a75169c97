import Foundation
import InvoiceModel
import Testing

@Suite("Money and rounding")
struct MoneyTests {
    func decimal(_ text: String) -> Decimal { DecimalText.parse(text)! }

    func line(_ quantity: String, _ price: String, _ rate: String) -> InvoiceLine {
        InvoiceLine(name: "x", quantity: decimal(quantity), price: decimal(price), vatRate: VATRate(text: rate)!)
    }

    func invoice(_ lines: [InvoiceLine], includeVat: Bool, currency: String = "RUB") -> Invoice {
        Invoice(number: "1", date: LocalDate(iso: "2026-11-27")!, currency: currency, pricesIncludeVat: includeVat,
                seller: Party(name: "S"), buyer: Party(name: "B"), lines: lines)
    }

    @Test func extractsCalculatedVATFromAmountWithVAT() {
        // 1000.00 × 22/122 = 180.327… → 180.33
        let calc = invoice([line("1", "1000.00", "22%")], includeVat: true).calculate()
        #expect(calc.lines[0].vatAmount == decimal("180.33"))
        #expect(calc.lines[0].amountWithoutVat == decimal("819.67"))
        #expect(calc.text(calc.amountWithVat) == "1000.00")
    }

    @Test func calculatedRateIsExtractedEvenWhenPricesExcludeVAT() {
        let calc = invoice([line("1", "1000.00", "22/122")], includeVat: false).calculate()
        #expect(calc.lines[0].vatAmount == decimal("180.33"))
    }

    @Test func roundsHalfUpPerLine() {
        // 0.125 × 1 at 10% on 1.25: VAT 0.125 → 0.13 (half-up), not 0.12 (banker's)
        let calc = invoice([line("1", "1.25", "10%")], includeVat: false).calculate()
        #expect(calc.lines[0].vatAmount == decimal("0.13"))
        // amount 0.375 kg × 2480.00 = 930.00; 2.675 → 2.68
        #expect(DecimalText.rounded(decimal("2.675"), scale: 2) == decimal("2.68"))
        #expect(DecimalText.rounded(decimal("-2.675"), scale: 2) == decimal("-2.68"))
        #expect(DecimalText.rounded(decimal("2.674999"), scale: 2) == decimal("2.67"))
    }

    @Test func fractionalQuantitiesAreExact() {
        let calc = invoice([line("0.375", "2480.00", "10%"), line("0.333", "10.00", "22%")], includeVat: false).calculate()
        #expect(calc.lines[0].amountWithoutVat == decimal("930"))
        #expect(calc.lines[0].vatAmount == decimal("93"))
        // 3.33 × 22% = 0.7326 → 0.73
        #expect(calc.lines[1].amountWithoutVat == decimal("3.33"))
        #expect(calc.lines[1].vatAmount == decimal("0.73"))
    }

    @Test func totalsAreSumsOfRoundedLines() {
        // Three lines of 0.10 at 22% incl. VAT: each VAT 0.018 → 0.02; total 0.06,
        // while 22/122 of the 0.30 total would be 0.05.
        let calc = invoice(Array(repeating: line("1", "0.10", "22%"), count: 3), includeVat: true).calculate()
        #expect(calc.vatAmount == decimal("0.06"))
        #expect(calc.amountWithoutVat == decimal("0.24"))
    }

    @Test func breakdownGroupsByRateHighestFirstNoneLast() {
        let calc = invoice([line("1", "100", "10%"), line("1", "50", "none"), line("2", "100", "22%"),
                            line("1", "10", "10%")], includeVat: false).calculate()
        #expect(calc.breakdown.map(\.rate.text) == ["22%", "10%", "none"])
        #expect(calc.breakdown[1].amountWithoutVat == decimal("110"))
        #expect(calc.breakdown[1].vatAmount == decimal("11"))
        #expect(calc.breakdown[2].vatAmount == nil)
        #expect(calc.vatAmount == decimal("55"))
        #expect(calc.amountWithVat == decimal("415"))
    }

    @Test func zeroDecimalCurrencyRoundsToWholeUnits() {
        let calc = invoice([line("3", "333.5", "10%")], includeVat: false, currency: "JPY").calculate()
        #expect(calc.minorUnits == 0)
        #expect(calc.lines[0].amountWithoutVat == decimal("1001"))   // 1000.5 → 1001
        #expect(calc.text(calc.lines[0].vatAmount!) == "100")        // 100.1 → 100
    }

    @Test func strictParsingRefusesNonNumbers() {
        for bad in ["", "12abc", "1e5", "1,5", "1.", ".5", "--1", "1 000", "NaN", "0x10"] {
            #expect(DecimalText.parse(bad) == nil, "accepted \(bad)")
        }
        #expect(DecimalText.parse("-12345.67") == decimal("-12345.67"))
        #expect(DecimalText.parse("+3") == decimal("3"))
    }

    @Test func parsesLongNumbersAndEqualValuesHashAlike() {
        let long = "12345678901234567890123.45"   // beyond the 19-digit fast path
        #expect(DecimalText.canonical(decimal(long)) == long)
        #expect(decimal("22.0") == decimal("22") && decimal("22.0").hashValue == decimal("22").hashValue)
        #expect(Set([VATRate(text: "22%")!, VATRate(text: "22.0%")!]).count == 1)
        #expect(DecimalText.canonical(decimal("-0.00")) == "0")
    }

    /// An independent oracle: integer minor units printed by hand, against the fast formatter.
    @Test func formatsRandomAmountsLikeIntegerArithmetic() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let thousandths = Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator)
            let value = Decimal(thousandths) / 1000
            // Half away from zero, to two places, in integers.
            let magnitude = thousandths.magnitude
            let cents = (magnitude + 5) / 10
            let sign = thousandths < 0 && cents != 0 ? "-" : ""
            let fraction = String(cents % 100)
            let expected = "\(sign)\(cents / 100).\(fraction.count == 1 ? "0" : "")\(fraction)"
            #expect(DecimalText.format(value, scale: 2) == expected, "\(thousandths) / 1000")
            #expect(DecimalText.rounded(value, scale: 2) == DecimalText.parse(expected))
        }
    }

    @Test func formatsForPeople() {
        #expect(DecimalText.format(decimal("180.3"), scale: 2) == "180.30")
        #expect(DecimalText.russian(decimal("24691.34"), scale: 2) == "24\u{00A0}691,34")
        #expect(DecimalText.english(decimal("1234567.5"), scale: 2) == "1,234,567.50")
        #expect(DecimalText.english(decimal("-999.5"), scale: 0) == "-1,000")
    }
}

@Suite("VAT rates as data")
struct VATRateTableTests {
    let table = VATRateTable.standard
    func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    @Test func twentyPercentEndsOn2025_12_31() {
        #expect(table.isInForce(.percent(20), in: "RU", on: day("2025-12-31")))
        #expect(!table.isInForce(.percent(20), in: "RU", on: day("2026-01-01")))
        #expect(!table.isInForce(VATRate(text: "20/120")!, in: "RU", on: day("2026-01-01")))
    }

    @Test func twentyTwoPercentStartsOn2026_01_01() {
        #expect(!table.isInForce(.percent(22), in: "RU", on: day("2025-12-31")))
        #expect(table.isInForce(.percent(22), in: "RU", on: day("2026-01-01")))
        #expect(table.isInForce(VATRate(text: "22/122")!, in: "RU", on: day("2026-11-27")))
    }

    @Test func ratesInForceListsTheWholeSet() {
        let rates2026 = Set(table.rates(in: "RU", on: day("2026-01-01")).map(\.text))
        #expect(rates2026 == ["0%", "10%", "10/110", "5%", "7%", "5/105", "7/107", "22%", "22/122", "none"])
        let rates2018 = Set(table.rates(in: "RU", on: day("2018-12-31")).map(\.text))
        #expect(rates2018.contains("18%") && !rates2018.contains("20%") && !rates2018.contains("5%"))
        #expect(table.rates(in: "XX", on: day("2026-01-01")).isEmpty)
        #expect(!table.covers("XX"))
    }

    @Test func parsesRateTexts() {
        #expect(VATRate(text: "22%") == .percent(22))
        #expect(VATRate(text: " 10 % ") == .percent(10))
        #expect(VATRate(text: "22/122") == .calculated(22))
        #expect(VATRate(text: "без НДС") == VATRate.none)
        #expect(VATRate(text: "22/120") == nil)
        #expect(VATRate(text: "abc") == nil)
        #expect(VATRate(text: "120%") == nil)
        #expect(VATRate.calculated(22).text == "22/122")
    }
}

@Suite("Calendar dates")
struct LocalDateTests {
    @Test func refusesImpossibleDays() {
        #expect(LocalDate(iso: "2026-02-29") == nil)
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "27.11.2026") == nil)
        #expect(LocalDate(iso: "2026-11-27T10:00") == nil)
        #expect(LocalDate(iso: "2026-11-27")?.russianText == "27.11.2026")
    }
}
