import Foundation
public import InvoiceModel
public import FakturaXML
public import Findings

/// Why a UPD's content could not be taken into the invoice model, at a line of the file.
public struct UPDReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    /// What is wrong, as a catalogue text (`upd.read.*`).
    public let text: MessageText

    init(line: Int, _ key: String, _ arguments: [String: MessageArgument]) {
        self.line = line
        self.text = MessageText(key, arguments)
    }

    /// What is wrong, in English.
    public var message: String { text.english }

    public var description: String { "line \(line): \(message)" }
}

/// Reads the seller's UPD 5.03 (`Файл`) into Faktura's ``Invoice`` (docs/upd.md, "Reading"):
/// the same model the PDF renderer and the validator's rules use. What the model has no place
/// for (banks, signers, the transfer details) is not read.
public enum UPDReader {
    public static func invoice(from root: XMLNode, source: String) throws(UPDReadError) -> Invoice {
        guard let document = root.child("Документ") else { throw missing("Документ", in: root) }
        guard let header = document.child("СвСчФакт") else { throw missing("СвСчФакт", in: document) }
        let documentNumber = try attribute("НомерДок", of: header)
        let date = try UPDDate.read(try attribute("ДатаДок", of: header), at: header)
        guard let money = header.child("ДенИзм") else { throw missing("ДенИзм", in: header) }
        let currencyCode = try attribute("КодОКВ", of: money)
        guard let sellerNode = header.child("СвПрод") else { throw missing("СвПрод", in: header) }
        guard let buyerNode = header.child("СвПокуп") else { throw missing("СвПокуп", in: header) }

        var invoice = Invoice(number: documentNumber, date: date,
                              currency: Currencies.byNumeric(currencyCode)?.alpha ?? currencyCode,
                              pricesIncludeVat: false, seller: try party(sellerNode), buyer: try party(buyerNode), lines: [])
        if let correction = header.child("ИспрДок") {
            invoice.correction = DocumentReference(number: try attribute("НомИспр", of: correction),
                                                   date: try UPDDate.read(try attribute("ДатаИспр", of: correction), at: correction))
        }
        if let shipper = header.child("ГрузОт") {
            if shipper.child("ОнЖе") != nil {
                invoice.shipper = Party(name: UPDWriter.sameAsSeller)
            } else if let node = shipper.child("ГрузОтпр") {
                invoice.shipper = try party(node)
            }
        }
        if let consignee = header.child("ГрузПолуч") { invoice.consignee = try party(consignee) }
        for payment in header.children("СвПРД") {
            invoice.paymentDocuments.append(DocumentReference(
                number: payment.attributes["НомерПРД"] ?? "",
                date: try payment.attributes["ДатаПРД"].map { text throws(UPDReadError) in try UPDDate.read(text, at: payment) }))
        }
        for shipping in header.children("ДокПодтвОтгрНом") {
            invoice.shippingDocuments.append(try documentReference(shipping))
        }
        if let basis = document.child("СвПродПер")?.child("СвПер")?.child("ОснПер") {
            invoice.contract = try documentReference(basis, number: "РеквНомерДок", date: "РеквДатаДок")
        }
        var order = OrderReference()
        for field in header.child("ИнфПолФХЖ1")?.children("ТекстИнф") ?? [] {
            let value = field.attributes["Значен"]
            switch field.attributes["Идентиф"] {
            case UPDWriter.OrderField.marketplace.rawValue: order.marketplace = value
            case UPDWriter.OrderField.orderNumber.rawValue: order.orderNumber = value
            case UPDWriter.OrderField.postingNumber.rawValue: order.postingNumber = value
            default: continue
            }
        }
        if order != OrderReference() { invoice.order = order }

        if let signer = document.child("Подписант"), let name = signer.child("ФИО") {
            invoice.signer = Signer(name: personName(name), position: signer.attributes["Должн"])
        }
        guard let table = document.child("ТаблСчФакт") else { return invoice }
        for item in table.children("СведТов") { invoice.lines.append(try line(item)) }
        if let total = table.child("ВсегоОпл") {
            invoice.totals = InvoiceTotals(
                amountWithoutVat: try decimal("СтТовБезНДСВсего", of: total),
                vatAmount: try total.child("СумНалВсего")?.child("СумНал").map { node throws(UPDReadError) in try number(node.text, at: node) },
                amountWithVat: try decimal("СтТовУчНалВсего", of: total))
        }
        return invoice
    }

    private static func line(_ item: XMLNode) throws(UPDReadError) -> InvoiceLine {
        let rateText = try attribute("НалСт", of: item)
        guard let rate = UPDRates.rate(for: rateText) else {
            throw UPDReadError(line: item.line, "upd.read.rate", ["number": .data(item.attributes["НомСтр"] ?? "?"), "rate": .data(rateText)])
        }
        let extra = item.child("ДопСведТов")
        var line = InvoiceLine(name: item.attributes["НаимТов"] ?? "",
                               quantity: try decimal("КолТов", of: item) ?? 0,
                               price: try decimal("ЦенаТов", of: item) ?? 0,
                               vatRate: rate)
        if let code = item.attributes["ОКЕИ_Тов"] { line.unit = UnitOfMeasure(code: code, name: item.attributes["НаимЕдИзм"]) }
        if let trace = extra?.child("СведПрослеж") {
            line.traceability = Traceability(
                batchNumber: try attribute("НомТовПрослеж", of: trace),
                unit: UnitOfMeasure(code: try attribute("ЕдИзмПрослеж", of: trace), name: trace.attributes["НаимЕдИзмПрослеж"]),
                quantity: try decimal("КолВЕдПрослеж", of: trace) ?? 0,
                amountWithoutVat: try decimal("СтТовБезНДСПрослеж", of: trace))
        }
        line.markingCodes = extra?.children("НомСредИдентТов").flatMap { $0.children("КИЗ").map(\.text) } ?? []
        line.sku = extra?.attributes["КодТов"]
        line.offerId = extra?.attributes["АртикулТов"]
        line.hsCode = extra?.attributes["КодВидТов"]
            ?? item.children("ИнфПолФХЖ2").first { $0.attributes["Идентиф"] == UPDWriter.hsCodeField }?.attributes["Значен"]
        if let declaration = item.child("СвДТ") {
            line.originCountry = declaration.attributes["КодПроисх"].map { Countries.byNumeric($0)?.alpha2 ?? $0 }
            line.customsDeclaration = declaration.attributes["НомерДТ"]
        }
        if let excise = item.child("Акциз")?.child("СумАкциз") { line.excise = try number(excise.text, at: excise) }
        if let tax = item.child("СумНал")?.child("СумНал") { line.vatAmount = try number(tax.text, at: tax) }
        line.amountWithoutVat = try decimal("СтТовБезНДС", of: item)
        line.amountWithVat = try decimal("СтТовУчНал", of: item)
        return line
    }

    /// A participant (`УчастникТип`): an organisation, an entrepreneur, a person or a foreign
    /// organisation, with its address as one text.
    static func party(_ node: XMLNode) throws(UPDReadError) -> Party {
        guard let identity = node.child("ИдСв") else { throw missing("ИдСв", in: node) }
        var party: Party
        if let organisation = identity.child("СвЮЛУч") {
            party = Party(name: try attribute("НаимОрг", of: organisation), country: "RU",
                          taxIds: [TaxID(scheme: RU.INN.name, value: try attribute("ИННЮЛ", of: organisation))]
                              + (organisation.attributes["КПП"].map { [TaxID(scheme: RU.KPP.name, value: $0)] } ?? []))
        } else if let entrepreneur = identity.child("СвИП") {
            party = Party(name: personName(entrepreneur.child("ФИО")), country: "RU",
                          taxIds: [TaxID(scheme: RU.INN.name, value: try attribute("ИННФЛ", of: entrepreneur))]
                              + (entrepreneur.attributes["ОГРНИП"].map { [TaxID(scheme: RU.OGRNIP.name, value: $0)] } ?? []))
        } else if let foreign = identity.child("СвИнНеУч") {
            let country = Countries.byNumeric(try attribute("КодСтр", of: foreign))?.alpha2
            party = Party(name: try attribute("Наим", of: foreign), country: country,
                          taxIds: foreign.attributes["Идентиф"].map { [TaxID(scheme: foreignScheme($0, country: country), value: $0)] } ?? [])
        } else if let person = identity.child("СвФЛУч") {
            party = Party(name: personName(person.child("ФИО")), country: "RU",
                          taxIds: person.attributes["ИННФЛ"].map { [TaxID(scheme: RU.INN.name, value: $0)] } ?? [])
        } else {
            throw UPDReadError(line: identity.line, "upd.read.noParticipant", [:])
        }
        party.address = address(node.child("Адрес"))
        return party
    }

    /// The scheme of a foreign organisation's `Идентиф`: the one of its country that accepts
    /// the value, else the first of its country, else `<country>-id` (which validation names
    /// as a scheme it does not know).
    static func foreignScheme(_ value: String, country: String?) -> String {
        let ofCountry = TaxIdentifiers.schemes.filter { $0.country == country }
        if let valid = ofCountry.first(where: { $0.isValid(value) }) { return valid.name }
        if let first = ofCountry.first { return first.name }
        return "\((country ?? "xx").lowercased())-id"
    }

    private static func personName(_ node: XMLNode?) -> String {
        guard let node else { return "" }
        return ["Фамилия", "Имя", "Отчество"].compactMap { node.attributes[$0] }.joined(separator: " ")
    }

    private static func address(_ node: XMLNode?) -> String? {
        guard let node else { return nil }
        if let free = node.child("АдрИнф") { return free.attributes["АдрТекст"] }
        if let russian = node.child("АдрРФ") {
            let parts = ["Индекс", "НаимРегион", "Район", "Город", "НаселПункт", "Улица", "Дом", "Корпус", "Кварт", "ИныеСвед"]
            return parts.compactMap { russian.attributes[$0] }.joined(separator: ", ")
        }
        if let registry = node.child("АдрГАР") {
            var parts: [String] = []
            if let index = registry.attributes["Индекс"] { parts.append(index) }
            for child in registry.children where child.name != "Регион" {
                let text = [child.attributes["Вид"] ?? child.attributes["Тип"], child.attributes["Наим"] ?? child.attributes["Номер"]]
                    .compactMap { $0 }.joined(separator: " ")
                parts.append(text.isEmpty ? child.text : text)
            }
            return parts.joined(separator: ", ")
        }
        return nil
    }

    private static func documentReference(_ node: XMLNode, number: String = "РеквНомерДок",
                                          date: String = "РеквДатаДок") throws(UPDReadError) -> DocumentReference {
        DocumentReference(number: try attribute(number, of: node),
                          date: try node.attributes[date].map { text throws(UPDReadError) in try UPDDate.read(text, at: node) })
    }

    private static func attribute(_ name: String, of node: XMLNode) throws(UPDReadError) -> String {
        guard let value = node.attributes[name] else {
            throw UPDReadError(line: node.line, "upd.read.noAttribute", ["element": .data(node.name), "attribute": .data(name)])
        }
        return value
    }

    private static func decimal(_ name: String, of node: XMLNode) throws(UPDReadError) -> Decimal? {
        guard let text = node.attributes[name] else { return nil }
        return try number(text, at: node)
    }

    private static func number(_ text: String, at node: XMLNode) throws(UPDReadError) -> Decimal {
        guard let value = DecimalText.parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw UPDReadError(line: node.line, "upd.read.notNumber", ["element": .data(node.name), "value": .data(text)])
        }
        return value
    }

    private static func missing(_ name: String, in node: XMLNode) -> UPDReadError {
        UPDReadError(line: node.line, "upd.read.noElement", ["element": .data(node.name), "child": .data(name)])
    }
}

/// Dates as the format writes them: `ДД.ММ.ГГГГ`.
enum UPDDate {
    static func read(_ text: String, at node: XMLNode) throws(UPDReadError) -> LocalDate {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
              let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]),
              let date = LocalDate(year: year, month: month, day: day) else {
            throw UPDReadError(line: node.line, "upd.read.notDate", ["element": .data(node.name), "value": .data(text)])
        }
        return date
    }

    static func text(_ date: LocalDate) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(date.day)).\(two(date.month)).\(date.year)"
    }
}

/// The format's rate texts (`НалСт`) and Faktura's ``VATRate``, both ways: one table.
enum UPDRates {
    /// `без НДС` is no tax; the rest are `N%` or `N/100+N` with a decimal comma.
    static func rate(for text: String) -> VATRate? {
        if text == "без НДС" { return VATRate.none }
        return VATRate(text: text.replacingOccurrences(of: ",", with: "."))
    }

    static func text(for rate: VATRate) -> String {
        switch rate {
        case .none: return "без НДС"
        default: return rate.text.replacingOccurrences(of: ".", with: ",")
        }
    }
}
