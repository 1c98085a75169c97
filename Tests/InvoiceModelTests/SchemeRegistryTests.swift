import InvoiceModel
import Testing

/// A scheme carries everything the other modules ask of it (name, PDF label, title, country),
/// so a new scheme is its type plus its entry in ``TaxIdentifiers/schemes``.
@Suite("Identifier scheme registry")
struct SchemeRegistryTests {
    @Test func everySchemeHasADistinctNameALabelATitleAndACountry() {
        let names = TaxIdentifiers.schemes.map { $0.name }
        #expect(Set(names).count == names.count)
        for scheme in TaxIdentifiers.schemes {
            #expect(!scheme.label.isEmpty && !scheme.title.isEmpty, "\(scheme.name)")
            #expect(scheme.country.count == 2 && scheme.country == scheme.country.uppercased(), "\(scheme.name)")
            #expect(scheme.name.hasPrefix(scheme.country.lowercased() + "-"), "\(scheme.name)")
            #expect(TaxIdentifiers.scheme(named: scheme.name.uppercased())?.name == scheme.name)
        }
        #expect(RU.INN.label == "ИНН/INN" && CN.USCC.label == "USCC 统一社会信用代码")
    }
}
