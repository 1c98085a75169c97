import Testing
import InvoiceModel

/// The error a validation throws, or nil when it accepts the value.
private func failure(_ scheme: any TaxIdentifierScheme.Type, _ value: String) -> IdentifierError? {
    do {
        _ = try scheme.validate(value)
        return nil
    } catch {
        return error
    }
}

private func isChecksum(_ error: IdentifierError?) -> Bool {
    if case .invalidChecksum = error { return true }
    return false
}

@Suite struct IdentifierTests {
    /// Every scheme's own examples (``TaxIdentifierScheme/examples``): each valid value is
    /// accepted (and its compact form fits the scheme's shape), each invalid one is refused
    /// with its kind of error and a message naming what it says.
    @Test(arguments: TaxIdentifiers.schemeNames)
    func everySchemeAcceptsAndRefusesItsExamples(name: String) throws {
        let scheme = try #require(TaxIdentifiers.scheme(named: name))
        let examples = scheme.examples
        #expect(!examples.valid.isEmpty && !examples.invalid.isEmpty, "every scheme carries examples of both kinds")
        for value in examples.valid {
            let compact = try scheme.validate(value)
            let admitted = scheme.shape.admits(compact)
            #expect(admitted, "\(value)")
            let compacted = scheme.compact(value)
            #expect(compact == compacted, "\(value)")
        }
        for example in examples.invalid {
            let error = failure(scheme, example.value)
            #expect(error.map(IdentifierExamples.Refusal.init) == example.refusal, "\(example.value): \(String(describing: error))")
            if let mention = example.mentions {
                #expect(error?.description.contains(mention) == true, "\(example.value): \(String(describing: error))")
            }
        }
    }

    @Test func checkDigitFailuresAreTaxIdChecksumAndTheRestTaxIdFormat() {
        #expect(failure(RU.INN.self, "7707083894")?.findingCode == "TAX_ID_CHECKSUM")
        #expect(failure(RU.INN.self, "770708389")?.findingCode == "TAX_ID_FORMAT")
    }

    @Test func innCompactsSeparators() throws {
        #expect(try RU.INN.validate(" 7707-083.893 ") == "7707083893")
        #expect(RU.INN.compact("7707 083 893") == "7707083893")
    }

    @Test func innTellsOrganisationsFromPersons() {
        #expect(RU.INN.isOrganisation("7707083893"))
        #expect(!RU.INN.isOrganisation("500100732259"))
        #expect(!RU.INN.isOrganisation("77070838AB"))
    }

    @Test func ogrnipUsesTheLastDigitOfATwoDigitRemainder() throws {
        // 30450011600015 mod 13 is 7; find a body whose remainder has two digits and check
        // that its last digit is accepted (the tax service's rule) and the others are not.
        var body = 30450011600010
        while body % 13 < 10 { body += 1 }
        let accepted = "\(body)\(body % 13 % 10)"
        #expect(RU.OGRNIP.isValid(accepted))
        #expect(isChecksum(failure(RU.OGRNIP.self, "\(body)\((body % 13 % 10 + 1) % 10)")))
    }

    @Test func usccCompactsAndUppercases() throws {
        #expect(try CN.USCC.validate("9 1 350100 m000100y43") == "91350100M000100Y43")
    }

    @Test func binUsesTheSecondWeightsWhenTheFirstGiveTen() {
        // Find eleven digits whose first weighted sum is 10 mod 11 and whose second is not.
        var found: String?
        for serial in 0..<100_000 {
            let body = "94014" + String(1_000_000 + serial).dropFirst()   // 5 + 6 = 11 digits
            let d = body.map { Int(String($0))! }
            let first = zip(d, 1...11).reduce(0) { $0 + $1.0 * $1.1 } % 11
            let second = zip(d, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]).reduce(0) { $0 + $1.0 * $1.1 } % 11
            if first == 10 && second != 10 { found = body + String(second); break }
        }
        guard let number = found else { Issue.record("no test number found"); return }
        #expect(KZ.BIN.isValid(number))
    }

    @Test func registryListsEverySchemeOnceInStableOrder() {
        #expect(TaxIdentifiers.schemeNames == ["ru-inn", "ru-kpp", "ru-ogrn", "ru-ogrnip", "cn-uscc",
                                               "tr-vkn", "kz-bin", "by-unp", "eu-vat"])
        #expect(TaxIdentifiers.scheme(named: "RU-INN")?.name == "ru-inn")
        #expect(TaxIdentifiers.scheme(named: "xx-none") == nil)
        #expect(TaxIdentifiers.schemes.allSatisfy { !$0.title.isEmpty && $0.country.count == 2 })
    }

    @Test func matchingSchemesNamesEverySchemeAValueFits() {
        #expect(TaxIdentifiers.matchingSchemes(for: "7707083893").map { $0.name } == ["ru-inn"])
        #expect(TaxIdentifiers.matchingSchemes(for: "91350100M000100Y43").map { $0.name } == ["cn-uscc"])
        // A 9-digit value can be both a KPP and a УНП.
        #expect(TaxIdentifiers.matchingSchemes(for: "200988541").map { $0.name } == ["ru-kpp", "by-unp"])
        #expect(TaxIdentifiers.matchingSchemes(for: "hello").isEmpty)
    }

    @Test func hostileInputGivesAnErrorNotACrash() {
        let huge = String(repeating: "9", count: 1_000_000)
        for scheme in TaxIdentifiers.schemes {
            // Evaluated outside #expect: the macro cannot expand a static call on an existential metatype.
            let acceptsHuge = scheme.isValid(huge)
            let acceptsJunk = scheme.isValid("\u{0}\u{FFFF}𝟘😀")
            #expect(!acceptsHuge, "\(scheme.name)")
            #expect(!acceptsJunk, "\(scheme.name)")
        }
    }
}
