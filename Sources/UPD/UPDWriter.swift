public import Foundation
public import InvoiceModel
import FakturaXML

/// The person who signs the UPD (`Подписант`): the format requires one.
public struct UPDSigner: Sendable, Hashable {
    public var surname: String
    public var givenName: String
    public var patronymic: String?
    /// Position (`Должн`), e.g. `Генеральный директор`.
    public var position: String?

    public init(surname: String, givenName: String, patronymic: String? = nil, position: String? = nil) {
        self.surname = surname
        self.givenName = givenName
        self.patronymic = patronymic
        self.position = position
    }

    /// `Фамилия Имя [Отчество]` as people write it; nil unless it has two or three words.
    public init?(fullName: String, position: String? = nil) {
        let words = fullName.split(whereSeparator: \.isWhitespace).map(String.init)
        guard (2...3).contains(words.count) else { return nil }
        self.init(surname: words[0], givenName: words[1], patronymic: words.count == 3 ? words[2] : nil, position: position)
    }
}

/// Why an invoice cannot be written as a UPD: what is missing, and how to give it.
public struct UPDWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Writes an invoice as the seller's UPD in the tax service's format 5.03 (docs/upd.md):
/// `ON_NSCHFDOPPR` XML in windows-1251, named by the format's rule.
///
/// ```swift
/// let file = try UPDWriter.write(invoice, options: .init(signer: UPDSigner(fullName: "Иванов Иван Иванович")!))
/// try file.bytes.write(to: folder.appendingPathComponent(file.name + ".xml"))
/// ```
public enum UPDWriter {
    /// `Документ/@Функция`: what the document is.
    public enum Function: String, Sendable, CaseIterable {
        /// A счёт-фактура only (`СЧФ`).
        case invoice = "СЧФ"
        /// A счёт-фактура and the shipping document in one: the universal transfer document (`СЧФДОП`).
        case invoiceAndTransfer = "СЧФДОП"
    }

    public struct Options: Sendable {
        public var function: Function
        /// Who signs; nil: the invoice's ``InvoiceModel/Invoice/signer``.
        public var signer: UPDSigner?
        /// EDO participant ids of sender and recipient (the `O` and `A` of the file name); nil:
        /// the seller's and the buyer's tax id.
        public var senderID: String?
        public var recipientID: String?
        /// When the file is made (`ДатаИнфПр`, `ВремИнфПр` and the date in its name), in Moscow time.
        public var created: Date
        /// N1 of the file name.
        public var guid: UUID
        /// `ВерсПрог`.
        public var program: String

        public init(function: Function = .invoiceAndTransfer, signer: UPDSigner? = nil, senderID: String? = nil,
                    recipientID: String? = nil, created: Date = Date(), guid: UUID = UUID(), program: String = "Faktura") {
            self.function = function
            self.signer = signer
            self.senderID = senderID
            self.recipientID = recipientID
            self.created = created
            self.guid = guid
            self.program = program
        }
    }

    /// A written UPD: `name` is its `ИдФайл`, the file is `name + ".xml"`.
    public struct File: Sendable {
        public let name: String
        public let bytes: Data
    }

    /// The text `ГрузОт/ОнЖе` stands for: the shipper is the seller.
    public static let sameAsSeller = "он же"
    /// `ИнфПолФХЖ2/@Идентиф` of an HS code that is not the 10 digits `КодВидТов` holds.
    static let hsCodeField = "КодТНВЭД"
    /// `ИнфПолФХЖ1/ТекстИнф/@Идентиф` of the marketplace order.
    enum OrderField: String, CaseIterable {
        case marketplace = "marketplace", orderNumber = "orderNumber", postingNumber = "postingNumber"
    }

    public static func write(_ invoice: Invoice, options: Options) throws(UPDWriteError) -> File {
        do {
            return try writeFile(invoice, options: options)
        } catch let error as UPDWriteError {
            throw error
        } catch {
            throw UPDWriteError(message: "\(error)")
        }
    }

    private static func writeFile(_ invoice: Invoice, options: Options) throws -> File {
        var moscow = Calendar(identifier: .gregorian)
        moscow.timeZone = TimeZone(identifier: "Europe/Moscow") ?? .gmt
        let parts = moscow.dateComponents([.year, .month, .day, .hour, .minute, .second], from: options.created)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let day = "\(two(parts.day)).\(two(parts.month)).\(parts.year ?? 1970)"
        let time = "\(two(parts.hour)).\(two(parts.minute)).\(two(parts.second))"
        let sender = try options.senderID ?? participantID(invoice.seller, role: "seller")
        let recipient = try options.recipientID ?? participantID(invoice.buyer, role: "buyer")
        for (id, option) in [(sender, "--upd-sender"), (recipient, "--upd-recipient")] where id.contains("_") || id.isEmpty {
            throw UPDWriteError(message: "the EDO participant id '\(id)' cannot go into a file name (no '_'); give \(option)")
        }
        // N2…N7: traceability, marking, marked alcohol, tobacco, oil products, the tax service's list code.
        let traced = invoice.lines.contains { $0.traceability != nil }
        let marked = invoice.lines.contains { !$0.markingCodes.isEmpty }
        let flags = [traced ? "1" : "0", marked ? "1" : "0", "0", "0", "0", "00"]
        let signer: UPDSigner
        if let given = options.signer {
            signer = given
        } else if let named = invoice.signer {
            guard let parsed = UPDSigner(fullName: named.name, position: named.position) else {
                throw UPDWriteError(message: "signer.name: '\(named.name)' is not 'Фамилия Имя [Отчество]' (two or three words)")
            }
            signer = parsed
        } else {
            throw UPDWriteError(message: "signer: a UPD names who signs it (Подписант); give the invoice a signer or --signer")
        }
        let name = (["ON_NSCHFDOPPR", recipient, sender, "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))",
                     options.guid.uuidString.lowercased()] + flags).joined(separator: "_")

        let calculation = invoice.calculate()
        var xml = UPDXML()
        xml.open("Файл", ["ИдФайл": name, "ВерсФорм": UPDSchema.formatVersion, "ВерсПрог": options.program])
        var documentAttributes: [(String, String?)] = [
            ("КНД", UPDSchema.formCode), ("Функция", options.function.rawValue),
            ("ДатаИнфПр", day), ("ВремИнфПр", time), ("НаимЭконСубСост", invoice.seller.name),
        ]
        if options.function == .invoiceAndTransfer {
            documentAttributes.insert(("ПоФактХЖ", "Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)"), at: 2)
            documentAttributes.insert(("НаимДокОпр", "Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)"), at: 3)
        }
        xml.open("Документ", documentAttributes)

        xml.open("СвСчФакт", [("НомерДок", invoice.number), ("ДатаДок", UPDDate.text(invoice.date))])
        if let correction = invoice.correction {
            guard let date = correction.date else { throw UPDWriteError(message: "correction: a UPD's ИспрДок needs the correction's date") }
            xml.leaf("ИспрДок", [("НомИспр", correction.number), ("ДатаИспр", UPDDate.text(date))])
        }
        try participant("СвПрод", invoice.seller, role: "seller", into: &xml)
        if let shipper = invoice.shipper {
            xml.open("ГрузОт", [])
            if shipper.name.trimmingCharacters(in: .whitespaces).lowercased() == sameAsSeller {
                xml.text("ОнЖе", sameAsSeller)
            } else {
                try participant("ГрузОтпр", shipper, role: "shipper", into: &xml)
            }
            xml.close()
        }
        if var consignee = invoice.consignee {
            if consignee.taxIds.isEmpty, consignee.name.hasPrefix(invoice.buyer.name) {
                // A buyer's warehouse or branch: the format identifies it by the buyer's INN/KPP.
                consignee.taxIds = invoice.buyer.taxIds
                consignee.country = consignee.country ?? invoice.buyer.country
            }
            try participant("ГрузПолуч", consignee, role: "consignee", into: &xml)
        }
        for payment in invoice.paymentDocuments {
            xml.leaf("СвПРД", [("НомерПРД", payment.number), ("ДатаПРД", payment.date.map(UPDDate.text))])
        }
        if options.function == .invoice && invoice.shippingDocuments.isEmpty {
            throw UPDWriteError(message: "shippingDocuments: a счёт-фактура alone (СЧФ) names the shipping document (line 5а, rule 0400300003 on ДокПодтвОтгрНом); add one or write the UPD as СЧФДОП")
        }
        for shipping in invoice.shippingDocuments {
            guard let date = shipping.date else {
                throw UPDWriteError(message: "shippingDocuments: \(shipping.number) needs its date (ДокПодтвОтгрНом/@РеквДатаДок)")
            }
            xml.leaf("ДокПодтвОтгрНом", [("РеквНаимДок", "Документ об отгрузке"), ("РеквНомерДок", shipping.number),
                                         ("РеквДатаДок", UPDDate.text(date))])
        }
        try participant("СвПокуп", invoice.buyer, role: "buyer", into: &xml)
        guard let currency = Currencies.byAlpha(invoice.currency) else {
            throw UPDWriteError(message: "currency: '\(invoice.currency)' is not an ISO 4217 code; the UPD needs its ОКВ number")
        }
        xml.leaf("ДенИзм", [("КодОКВ", currency.numeric), ("НаимОКВ", currency.nameRU ?? currency.name)])
        if let order = invoice.order {
            let fields: [(OrderField, String?)] = [(.marketplace, order.marketplace), (.orderNumber, order.orderNumber),
                                                   (.postingNumber, order.postingNumber)]
            let present = fields.compactMap { field, value in value.flatMap { $0.isEmpty ? nil : (field, $0) } }
            if !present.isEmpty {
                xml.open("ИнфПолФХЖ1", [])
                for (field, value) in present { xml.leaf("ТекстИнф", [("Идентиф", field.rawValue), ("Значен", value)]) }
                xml.close()
            }
        }
        xml.close()  // СвСчФакт

        guard !invoice.lines.isEmpty else { throw UPDWriteError(message: "lines: a UPD's table (ТаблСчФакт) needs at least one line") }
        xml.open("ТаблСчФакт", [])
        for (index, (line, amounts)) in zip(invoice.lines, calculation.lines).enumerated() {
            try item(line, amounts: amounts, number: index + 1, invoice: invoice, calculation: calculation, into: &xml)
        }
        xml.open("ВсегоОпл", [("СтТовБезНДСВсего", calculation.text(calculation.amountWithoutVat)),
                              ("СтТовУчНалВсего", calculation.text(calculation.amountWithVat))])
        xml.open("СумНалВсего", [])
        if invoice.lines.allSatisfy({ $0.vatRate == .none }) {
            xml.text("БезНДС", "без НДС")
        } else {
            xml.text("СумНал", calculation.text(calculation.vatAmount))
        }
        xml.close()
        xml.close()  // ВсегоОпл
        xml.close()  // ТаблСчФакт

        if options.function == .invoiceAndTransfer {
            xml.open("СвПродПер", [])
            xml.open("СвПер", [("СодОпер", "Товары переданы"), ("ДатаПер", UPDDate.text(invoice.date))])
            if let contract = invoice.contract, let date = contract.date {
                xml.leaf("ОснПер", [("РеквНаимДок", "Договор"), ("РеквНомерДок", contract.number), ("РеквДатаДок", UPDDate.text(date))])
            } else {
                xml.text("БезДокОснПер", "1")
            }
            xml.close()
            xml.close()
        }

        xml.open("Подписант", [("Должн", signer.position), ("ТипПодпис", "1"), ("СпосПодтПолном", "1")])
        xml.leaf("ФИО", [("Фамилия", signer.surname), ("Имя", signer.givenName), ("Отчество", signer.patronymic)])
        xml.close()
        xml.close()  // Документ
        xml.close()  // Файл
        let bytes: Data
        do {
            bytes = try WindowsCP1251.encode(xml.text)
        } catch {
            throw UPDWriteError(message: "cannot encode the UPD as windows-1251: \(error)")
        }
        return File(name: name, bytes: bytes)
    }

    private static func item(_ line: InvoiceLine, amounts: LineAmounts, number: Int, invoice: Invoice,
                             calculation: InvoiceCalculation, into xml: inout UPDXML) throws(UPDWriteError) {
        let place = "lines[\(number - 1)]"
        guard line.quantity > 0 else { throw UPDWriteError(message: "\(place).quantity: a UPD line needs a positive quantity") }
        // Column 4 is the price without tax: a price that includes VAT is written net, to 11 places.
        let netPrice = amounts.amountWithoutVat / line.quantity
        var attributes: [(String, String?)] = [("НомСтр", String(number)), ("НаимТов", line.name)]
        if let unit = line.unit {
            let known = OKEIUnits.byCode(unit.code)
            attributes.append(("ОКЕИ_Тов", known?.code ?? unit.code))
            attributes.append(("НаимЕдИзм", unit.name ?? known?.symbolRU ?? unit.code))
        }
        attributes += [("КолТов", DecimalText.canonical(line.quantity)),
                       ("ЦенаТов", DecimalText.canonical(DecimalText.rounded(netPrice, scale: 11))),
                       ("СтТовБезНДС", calculation.text(amounts.amountWithoutVat)),
                       ("НалСт", UPDRates.text(for: line.vatRate)),
                       ("СтТовУчНал", calculation.text(amounts.amountWithVat))]
        xml.open("СведТов", attributes)
        var origin: Country?
        if let code = line.originCountry {
            guard let country = Countries.byAlpha2(code) else {
                throw UPDWriteError(message: "\(place).originCountry: '\(code)' is not an ISO 3166 code; the UPD needs its ОКСМ number")
            }
            origin = country
            xml.leaf("СвДТ", [("КодПроисх", country.numeric), ("НомерДТ", line.customsDeclaration)])
        } else if let declaration = line.customsDeclaration {
            xml.leaf("СвДТ", [("НомерДТ", declaration)])
        }
        let hsDigits = line.hsCode.map { $0.filter(\.isNumber) }
        let extraAttributes: [(String, String?)] = [
            ("ПрТовРаб", "1"), ("АртикулТов", line.offerId), ("КодТов", line.sku),
            ("КодВидТов", hsDigits?.count == 10 ? hsDigits : nil),
        ]
        xml.open("ДопСведТов", extraAttributes)
        if let origin { xml.text("КрНаимСтрПр", origin.nameRU ?? origin.name) }
        if let trace = line.traceability {
            xml.leaf("СведПрослеж", [
                ("НомТовПрослеж", trace.batchNumber), ("ЕдИзмПрослеж", trace.unit.code),
                ("НаимЕдИзмПрослеж", trace.unit.name ?? OKEIUnits.byCode(trace.unit.code)?.symbolRU ?? trace.unit.code),
                ("КолВЕдПрослеж", DecimalText.canonical(trace.quantity)),
                ("СтТовБезНДСПрослеж", calculation.text(trace.amountWithoutVat ?? amounts.amountWithoutVat)),
            ])
        }
        if !line.markingCodes.isEmpty {
            xml.open("НомСредИдентТов", [])
            for code in line.markingCodes { xml.text("КИЗ", identification(of: code)) }
            xml.close()
        }
        xml.close()
        xml.open("Акциз", [])
        if let excise = line.excise {
            xml.text("СумАкциз", calculation.text(excise))
        } else {
            xml.text("БезАкциз", "без акциза")
        }
        xml.close()
        xml.open("СумНал", [])
        if let vat = amounts.vatAmount {
            xml.text("СумНал", calculation.text(vat))
        } else {
            xml.text("БезНДС", "без НДС")
        }
        xml.close()
        if let hsCode = line.hsCode, hsDigits?.count != 10 {
            xml.leaf("ИнфПолФХЖ2", [("Идентиф", hsCodeField), ("Значен", hsCode)])
        }
        xml.close()  // СведТов
    }

    /// What of a marking code goes into the XML: its identification part (GTIN and serial); XML
    /// 1.0 cannot carry the GS separator before the verification elements (docs/upd.md).
    static func identification(of code: String) -> String {
        if let parsed = try? MarkingCode.parse(code) { return parsed.identification }
        return String(code.prefix { $0 != MarkingCode.groupSeparator })
    }

    /// A participant (`УчастникТип`): a Russian organisation by INN (10 digits) and KPP, a foreign
    /// one by name, country and its own registration number (`СвИнНеУч/@Идентиф`); the address
    /// as text with its country (`АдрИнф`).
    private static func participant(_ element: String, _ party: Party, role: String,
                                     into xml: inout UPDXML) throws(UPDWriteError) {
        xml.open(element, [])
        xml.open("ИдСв", [])
        if let inn = party.taxID(RU.INN.name) {
            guard inn.count == 10 else {
                throw UPDWriteError(message: "\(role): the INN \(inn) has \(inn.count) digits; Faktura writes organisations (10 digits) into a UPD, not entrepreneurs or persons")
            }
            xml.leaf("СвЮЛУч", [("НаимОрг", party.name), ("ИННЮЛ", inn), ("КПП", party.taxID(RU.KPP.name))])
        } else {
            guard let code = party.country, let country = Countries.byAlpha2(code), country.alpha2 != "RU" else {
                throw UPDWriteError(message: "\(role): a party without a ru-inn must be foreign, with its country (ISO 3166 alpha-2) given")
            }
            xml.leaf("СвИнНеУч", [("ИдСтат", "ИО"), ("КодСтр", country.numeric), ("НаимСтран", country.nameRU ?? country.name),
                                  ("Наим", party.name), ("Идентиф", party.taxIds.first?.value),
                                  ("ИныеСвед", party.taxIds.isEmpty ? "регистрационный номер не указан" : nil)])
        }
        xml.close()
        guard let address = party.address, !address.isEmpty else {
            throw UPDWriteError(message: "\(role).address: the UPD needs the address of the \(role) (rule 0400300003 on Адрес)")
        }
        let country = party.country.flatMap(Countries.byAlpha2) ?? (party.taxID(RU.INN.name) != nil ? Countries.byAlpha2("RU") : nil)
        guard let country else { throw UPDWriteError(message: "\(role).country: the address needs its country") }
        xml.open("Адрес", [])
        xml.leaf("АдрИнф", [("КодСтр", country.numeric), ("НаимСтран", country.nameRU ?? country.name), ("АдрТекст", address)])
        xml.close()
        xml.close()
    }

    // Untyped: `??` takes an autoclosure that rethrows `any Error`, and only UPDWriteError comes out.
    private static func participantID(_ party: Party, role: String) throws -> String {
        if let inn = party.taxID(RU.INN.name) { return inn }
        if let first = party.taxIds.first?.value { return first }
        throw UPDWriteError(message: "\(role): no tax id to name the file by; give the EDO participant id (--upd-sender / --upd-recipient)")
    }
}

/// The UPD's XML text: elements with attributes, indented; values escaped for attributes
/// (where the format keeps nearly all its data) and text.
struct UPDXML {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n"
    private var open: [String] = []

    mutating func open(_ name: String, _ attributes: [(String, String?)]) {
        text += indent + "<" + name + rendered(attributes) + ">\n"
        open.append(name)
    }

    mutating func open(_ name: String, _ attributes: [String: String]) {
        open(name, attributes.sorted { $0.key < $1.key }.map { ($0.key, Optional($0.value)) })
    }

    mutating func close() {
        let name = open.removeLast()
        text += indent + "</" + name + ">\n"
    }

    mutating func leaf(_ name: String, _ attributes: [(String, String?)]) {
        text += indent + "<" + name + rendered(attributes) + "/>\n"
    }

    mutating func text(_ name: String, _ value: String) {
        text += indent + "<" + name + ">" + XMLText.escaped(value, inAttribute: false) + "</" + name + ">\n"
    }

    private var indent: String { String(repeating: "\t", count: open.count) }

    private func rendered(_ attributes: [(String, String?)]) -> String {
        attributes.compactMap { name, value in
            value.map { " \(name)=\"\(XMLText.escaped($0, inAttribute: true))\"" }
        }.joined()
    }
}
