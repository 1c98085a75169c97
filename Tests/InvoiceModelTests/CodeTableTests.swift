import Testing
import InvoiceModel

@Suite struct CodeTableTests {
    @Test func currenciesCarryISONumericCodesAndMinorUnits() throws {
        let rub = try #require(Currencies.byAlpha("RUB"))
        #expect(rub.numeric == "643")
        #expect(rub.minorUnits == 2)
        #expect(rub.nameRU == "Российский рубль")
        #expect(Currencies.byAlpha("jpy")?.minorUnits == 0)
        #expect(Currencies.byAlpha("KWD")?.minorUnits == 3)
        #expect(Currencies.byAlpha("CNY")?.numeric == "156")
        #expect(Currencies.byAlpha("USD")?.numeric == "840")
        #expect(Currencies.byAlpha("EUR")?.numeric == "978")
        #expect(Currencies.byAlpha("TRY")?.numeric == "949")
        #expect(Currencies.byAlpha("GBP")?.numeric == "826")
        #expect(Currencies.byAlpha("KZT")?.numeric == "398")
        #expect(Currencies.byAlpha("BYN")?.numeric == "933")
        #expect(Currencies.byAlpha("CLF")?.minorUnits == 4)
    }

    @Test func currencyLookupByNumericKeepsLeadingZeros() {
        #expect(Currencies.byNumeric("643")?.alpha == "RUB")
        #expect(Currencies.byNumeric("008")?.alpha == "ALL")
        #expect(Currencies.byNumeric("8")?.alpha == "ALL")
        #expect(Currencies.byNumeric("1234") == nil)
        #expect(Currencies.byNumeric("abc") == nil)
    }

    @Test func withdrawnCurrenciesAreNotCurrent() {
        #expect(Currencies.byAlpha("HRK") == nil)
        #expect(Currencies.byAlpha("RUR") == nil)
        #expect(Currencies.byAlpha("BYR") == nil)
    }

    @Test func currencyTableIsConsistent() {
        #expect(Currencies.all.count > 170)
        #expect(Set(Currencies.all.map(\.alpha)).count == Currencies.all.count)
        #expect(Set(Currencies.all.map(\.numeric)).count == Currencies.all.count)
        #expect(Currencies.all.allSatisfy { $0.alpha.count == 3 && $0.numeric.count == 3 && (0...4).contains($0.minorUnits) })
    }

    @Test func countriesCarryOKSMNumericCodes() throws {
        let china = try #require(Countries.byAlpha2("cn"))
        #expect(china.numeric == "156")
        #expect(china.nameRU == "Китай")
        #expect(Countries.byAlpha2("RU")?.numeric == "643")
        #expect(Countries.byNumeric("004")?.alpha2 == "AF")
        #expect(Countries.byNumeric("4")?.alpha2 == "AF")
        #expect(Countries.byNumeric("792")?.alpha2 == "TR")
        #expect(Countries.byAlpha2("XX") == nil)
        #expect(Countries.byAlpha2("SU") == nil)
    }

    @Test func countryTableIsTheFullISOList() {
        #expect(Countries.all.count == 249)
        #expect(Set(Countries.all.map(\.alpha2)).count == 249)
        #expect(Set(Countries.all.map(\.numeric)).count == 249)
    }

    @Test func okeiUnitsFoundByCode() throws {
        let piece = try #require(OKEIUnits.byCode("796"))
        #expect(piece.symbolRU == "шт")
        #expect(OKEIUnits.byCode("166")?.symbolRU == "кг")
        #expect(OKEIUnits.byCode("006")?.symbolRU == "м")
        #expect(OKEIUnits.byCode("6")?.symbolRU == "м")
        #expect(OKEIUnits.byCode("055")?.symbolRU == "м2")
        #expect(OKEIUnits.byCode("778")?.symbolRU == "упак")
        #expect(OKEIUnits.byCode("839")?.symbolRU == "компл")
        #expect(OKEIUnits.byCode("999") == nil)
        #expect(OKEIUnits.all.count >= 40)
        #expect(Set(OKEIUnits.all.map(\.code)).count == OKEIUnits.all.count)
    }
}
