import Foundation

extension Party {
    /// Whether the party is Russian — the one definition every module asks (which profile
    /// validates an invoice, which template draws it, which time zone its "today" is in).
    ///
    /// The country decides when it is given (`RU`, any case or spacing, is Russian; any other
    /// code is not). Without a country, the party is Russian when it has a Russian INN
    /// (`ru-inn`): only the Russian tax service issues one. Without either, nothing says the
    /// party is Russian, so it is not taken as one (docs/invoice.md, "Parties").
    public var isRussian: Bool {
        if let country, country == RU.INN.country { return true }
        if let country, ASCIIText.isPlain(country), !country.isEmpty { return country.uppercased() == RU.INN.country }
        if let country = country?.trimmingCharacters(in: .whitespaces), !country.isEmpty {
            return country.uppercased() == RU.INN.country
        }
        return taxID(RU.INN.name) != nil
    }
}
