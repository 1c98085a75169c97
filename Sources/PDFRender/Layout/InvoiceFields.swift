import Foundation
import InvoiceModel

/// The values templates can print, by key. Keys are data, not code paths: a template that
/// names a key missing from these tables is refused when it loads.
final class InvoiceFields {
    let invoice: Invoice
    let calculation: InvoiceCalculation
    let numbers: NumberStyle
    /// Invoice-level values by key index, computed on first use (a template prints many twice).
    private var memo: [String?]

    init(invoice: Invoice, numbers: NumberStyle) {
        self.invoice = invoice
        self.calculation = invoice.calculate()
        self.numbers = numbers
        memo = Array(repeating: nil, count: Self.invoiceKeyList.count)
    }

    /// The value of invoice-level key number `index` (see ``FieldRef``).
    func invoiceValue(_ index: Int) -> String {
        if let known = memo[index] { return known }
        let value = Self.invoiceKeyList[index].value(self)
        memo[index] = value
        return value
    }

    func lineValue(_ index: Int, row: Int) -> String { Self.lineKeyList[index].value(self, row) }

    func vatValue(_ index: Int, row: Int) -> String { Self.vatKeyList[index].value(self, row) }

    static let invoiceKeyList = invoiceKeys.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    static let lineKeyList = lineKeys.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    static let vatKeyList = vatKeys.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    static let invoiceKeyIndex = Dictionary(uniqueKeysWithValues: invoiceKeyList.enumerated().map { ($0.element.key, $0.offset) })
    static let lineKeyIndex = Dictionary(uniqueKeysWithValues: lineKeyList.enumerated().map { ($0.element.key, $0.offset) })
    static let vatKeyIndex = Dictionary(uniqueKeysWithValues: vatKeyList.enumerated().map { ($0.element.key, $0.offset) })

    /// Where a placeholder's value comes from, decided once when the template is parsed.
    static func reference(_ key: String) -> FieldRef {
        if key == "page" { return .page }
        if key == "pages" { return .pages }
        if let index = invoiceKeyIndex[key] { return .invoice(index) }
        if let index = lineKeyIndex[key] { return .line(index) }
        if let index = vatKeyIndex[key] { return .vat(index) }
        return .unknown
    }

    typealias InvoiceValue = @Sendable (InvoiceFields) -> String
    typealias RowValue = @Sendable (InvoiceFields, Int) -> String

    func money(_ value: Decimal?) -> String {
        guard let value else { return "" }
        let scale = calculation.minorUnits
        switch numbers {
        case .ru: return DecimalText.russian(value, scale: scale)
        case .en: return DecimalText.english(value, scale: scale)
        case .plain: return DecimalText.format(value, scale: scale)
        }
    }

    func quantity(_ value: Decimal) -> String {
        let text = DecimalText.canonical(value)
        guard numbers == .ru else { return text }
        // A decimal comma: the canonical text has at most one point (Foundation's
        // replacingOccurrences cost more than formatting the number).
        var bytes = Array(text.utf8)
        if let point = bytes.firstIndex(of: UInt8(ascii: ".")) { bytes[point] = UInt8(ascii: ",") }
        return String(decoding: bytes, as: UTF8.self)
    }

    func date(_ date: LocalDate?) -> String {
        guard let date else { return "" }
        return numbers == .en ? date.description : date.russianText
    }

    func documents(_ references: [DocumentReference]) -> String {
        references.map { reference in
            guard let date = reference.date else { return "№ \(reference.number)" }
            return "№ \(reference.number) " + (numbers == .en ? "of" : "от") + " \(self.date(date))"
        }.joined(separator: "; ")
    }

    func value(_ key: String) -> String {
        guard let index = Self.invoiceKeyIndex[key] else { return "" }
        return invoiceValue(index)
    }

    func rowCount(_ source: TableSource) -> Int {
        source == .lines ? invoice.lines.count : calculation.breakdown.count
    }

    // MARK: - key tables

    static func partyKeys(_ prefix: String, _ party: @escaping @Sendable (Invoice) -> Party?) -> [String: InvoiceValue] {
        @Sendable func country(_ fields: InvoiceFields) -> Country? { party(fields.invoice)?.country.flatMap(Countries.byAlpha2) }
        return [
            "\(prefix).name": { party($0.invoice)?.name ?? "" },
            "\(prefix).localName": { party($0.invoice)?.localName ?? "" },
            "\(prefix).address": { party($0.invoice)?.address ?? "" },
            "\(prefix).country": { party($0.invoice)?.country ?? "" },
            "\(prefix).country.name": { country($0)?.name ?? party($0.invoice)?.country ?? "" },
            "\(prefix).country.nameRU": { country($0).map { $0.nameRU ?? $0.name } ?? party($0.invoice)?.country ?? "" },
            "\(prefix).inn": { party($0.invoice)?.taxID("ru-inn") ?? "" },
            "\(prefix).kpp": { party($0.invoice)?.taxID("ru-kpp") ?? "" },
            "\(prefix).ogrnip": { party($0.invoice)?.taxID("ru-ogrnip") ?? "" },
            // An individual entrepreneur's registration as the счёт-фактура's certificate line
            // prints it (Decree 1137): "ОГРНИП 304500116000157".
            "\(prefix).certificate": { fields in
                party(fields.invoice)?.taxID("ru-ogrnip").map { "ОГРНИП \($0)" } ?? ""
            },
            "\(prefix).innKpp": { fields in
                guard let party = party(fields.invoice) else { return "" }
                return [party.taxID("ru-inn"), party.taxID("ru-kpp")].compactMap { $0 }.joined(separator: "/")
            },
            // Every identifier with its scheme: "cn-uscc 91440300MA5G8K2P17".
            "\(prefix).taxIds": { fields in
                party(fields.invoice)?.taxIds.map { "\(TaxSchemeLabel.label($0.scheme)) \($0.value)" }.joined(separator: ", ") ?? ""
            },
            // Name and address on one line, as the счёт-фактура prints shipper and consignee.
            "\(prefix).nameAddress": { fields in party(fields.invoice).map(nameAddress) ?? "" },
        ]
    }

    static let invoiceKeys: [String: InvoiceValue] = {
        var keys: [String: InvoiceValue] = [
            "number": { $0.invoice.number },
            "date": { $0.date($0.invoice.date) },
            "date.iso": { $0.invoice.date.description },
            "currency": { $0.invoice.currency },
            "currency.numeric": { Currencies.byAlpha($0.invoice.currency)?.numeric ?? "" },
            "currency.name": { Currencies.byAlpha($0.invoice.currency)?.name ?? $0.invoice.currency },
            "currency.nameRU": { fields in
                let currency = Currencies.byAlpha(fields.invoice.currency)
                return currency?.nameRU ?? currency?.name ?? fields.invoice.currency
            },
            "jurisdiction": { $0.invoice.jurisdiction },
            "pricesIncludeVat": { $0.invoice.pricesIncludeVat ? "yes" : "no" },
            "order.marketplace": { $0.invoice.order?.marketplace ?? "" },
            "order.number": { $0.invoice.order?.orderNumber ?? "" },
            "order.posting": { $0.invoice.order?.postingNumber ?? "" },
            "paymentDocuments": { $0.documents($0.invoice.paymentDocuments) },
            "shippingDocuments": { $0.documents($0.invoice.shippingDocuments) },
            "contract": { fields in fields.invoice.contract.map { fields.documents([$0]) } ?? "" },
            "correction.number": { $0.invoice.correction?.number ?? "" },
            "correction.date": { $0.date($0.invoice.correction?.date) },
            "total.withoutVat": { $0.money($0.invoice.totals?.amountWithoutVat ?? $0.calculation.amountWithoutVat) },
            "total.vat": { fields in
                let allExempt = fields.invoice.lines.allSatisfy { $0.vatRate == .none }
                if allExempt && fields.invoice.totals?.vatAmount == nil { return "без НДС" }
                return fields.money(fields.invoice.totals?.vatAmount ?? fields.calculation.vatAmount)
            },
            "total.withVat": { $0.money($0.invoice.totals?.amountWithVat ?? $0.calculation.amountWithVat) },
            "lines.count": { String($0.invoice.lines.count) },
            // Page keys are filled in by the layout for the footer and continuation line.
            "page": { _ in "" },
            "pages": { _ in "" },
        ]
        keys.merge(partyKeys("seller") { $0.seller }) { first, _ in first }
        keys.merge(partyKeys("buyer") { $0.buyer }) { first, _ in first }
        keys.merge(partyKeys("shipper") { $0.shipper }) { first, _ in first }
        keys.merge(partyKeys("consignee") { $0.consignee }) { first, _ in first }
        keys.merge(formLines) { first, _ in first }
        return keys
    }()

    static func nameAddress(_ party: Party) -> String {
        [party.name, party.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// Lines (3) and (4) of the счёт-фактура as Decree 1137 fills them (docs/rendering.md):
    /// for works and services a dash; for goods the shipper «он же» when it is the seller (or
    /// absent, which means the seller), and the consignee's name and address, the buyer's when
    /// none is given (an absent consignee is the buyer; the decree has «он же» for line 3 only).
    static let formLines: [String: InvoiceValue] = [
        "shipper.formText": { fields in
            guard fields.invoice.supply == .goods else { return "—" }
            guard let shipper = fields.invoice.shipper, !isSame(shipper, as: fields.invoice.seller) else { return "он же" }
            return nameAddress(shipper)
        },
        "consignee.formText": { fields in
            guard fields.invoice.supply == .goods else { return "—" }
            return nameAddress(fields.invoice.consignee ?? fields.invoice.buyer)
        },
    ]

    /// Whether a shipper given in full is the seller again: same name, and no other address.
    static func isSame(_ party: Party, as seller: Party) -> Bool {
        func normalised(_ text: String?) -> String {
            (text ?? "").lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        let address = normalised(party.address)
        return normalised(party.name) == normalised(seller.name) && (address.isEmpty || address == normalised(seller.address))
    }

    static let lineKeys: [String: RowValue] = [
        "line.no": { _, row in String(row + 1) },
        "line.name": { $0.invoice.lines[$1].name },
        "line.sku": { $0.invoice.lines[$1].sku ?? "" },
        "line.offerId": { $0.invoice.lines[$1].offerId ?? "" },
        // The seller's article: the offer id, else the marketplace SKU.
        "line.article": { $0.invoice.lines[$1].offerId ?? $0.invoice.lines[$1].sku ?? "" },
        // Both where the order has them: the marketplace's SKU over the seller's article (offer id).
        "line.skuAndArticle": { fields, row in
            let line = fields.invoice.lines[row]
            var codes = [line.sku, line.offerId].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if codes.count == 2 && codes[0] == codes[1] { codes.removeLast() }
            return codes.joined(separator: "\n")
        },
        "line.hsCode": { $0.invoice.lines[$1].hsCode ?? "" },
        "line.unit.code": { $0.invoice.lines[$1].unit?.code ?? "" },
        "line.unit.name": { fields, row in
            guard let unit = fields.invoice.lines[row].unit else { return "" }
            return unit.name ?? OKEIUnits.byCode(unit.code)?.symbolRU ?? ""
        },
        "line.unit.nameEN": { fields, row in
            guard let unit = fields.invoice.lines[row].unit else { return "" }
            return OKEIUnits.byCode(unit.code)?.nameEN ?? unit.name ?? ""
        },
        "line.quantity": { $0.quantity($0.invoice.lines[$1].quantity) },
        "line.price": { $0.money($0.invoice.lines[$1].price) },
        // Price without tax, as column 4 of the счёт-фактура wants: when prices include VAT
        // it is the line's amount without VAT over the quantity, rounded to the minor unit.
        "line.priceWithoutVat": { fields, row in
            let line = fields.invoice.lines[row]
            guard fields.invoice.pricesIncludeVat || line.vatRate.isCalculated, line.quantity != 0 else {
                return fields.money(line.price)
            }
            let net = line.amountWithoutVat ?? fields.calculation.lines[row].amountWithoutVat
            return fields.money(DecimalText.roundedQuotient(net, line.quantity, scale: fields.calculation.minorUnits))
        },
        "line.excise": { fields, row in fields.invoice.lines[row].excise.map { fields.money($0) } ?? "" },
        "line.vatRate": { $0.invoice.lines[$1].vatRate.labelRU },
        "line.vatAmount": { fields, row in
            let line = fields.invoice.lines[row]
            if line.vatRate == .none { return "без НДС" }
            return fields.money(line.vatAmount ?? fields.calculation.lines[row].vatAmount)
        },
        "line.amountWithoutVat": { $0.money($0.invoice.lines[$1].amountWithoutVat ?? $0.calculation.lines[$1].amountWithoutVat) },
        "line.amountWithVat": { $0.money($0.invoice.lines[$1].amountWithVat ?? $0.calculation.lines[$1].amountWithVat) },
        "line.origin": { $0.invoice.lines[$1].originCountry ?? "" },
        "line.origin.code": { fields, row in
            fields.invoice.lines[row].originCountry.flatMap(Countries.byAlpha2)?.numeric ?? ""
        },
        "line.origin.name": { fields, row in
            guard let code = fields.invoice.lines[row].originCountry else { return "" }
            return Countries.byAlpha2(code)?.name ?? code
        },
        "line.origin.nameRU": { fields, row in
            guard let code = fields.invoice.lines[row].originCountry else { return "" }
            guard let country = Countries.byAlpha2(code) else { return code }
            return country.nameRU ?? country.name
        },
        "line.customsDeclaration": { $0.invoice.lines[$1].customsDeclaration ?? "" },
        // Column 11 holds the customs declaration's number, or for goods subject to traceability
        // the batch's registration number (РНПТ); columns 12-14 the traceability unit, quantity, value.
        "line.registrationNumber": { fields, row in
            let line = fields.invoice.lines[row]
            return line.traceability?.batchNumber ?? line.customsDeclaration ?? ""
        },
        "line.traceability.unit.code": { $0.invoice.lines[$1].traceability?.unit.code ?? "" },
        "line.traceability.unit.name": { fields, row in
            guard let unit = fields.invoice.lines[row].traceability?.unit else { return "" }
            return unit.name ?? OKEIUnits.byCode(unit.code)?.symbolRU ?? ""
        },
        "line.traceability.quantity": { fields, row in
            fields.invoice.lines[row].traceability.map { fields.quantity($0.quantity) } ?? ""
        },
        "line.traceability.amountWithoutVat": { fields, row in
            guard let trace = fields.invoice.lines[row].traceability else { return "" }
            return fields.money(trace.amountWithoutVat ?? fields.calculation.lines[row].amountWithoutVat)
        },
    ]

    static let vatKeys: [String: RowValue] = [
        "vat.rate": { $0.calculation.breakdown[$1].rate.labelRU },
        "vat.withoutVat": { $0.money($0.calculation.breakdown[$1].amountWithoutVat) },
        "vat.vat": { fields, row in
            fields.calculation.breakdown[row].vatAmount.map { fields.money($0) } ?? "без НДС"
        },
        "vat.withVat": { $0.money($0.calculation.breakdown[$1].amountWithVat) },
    ]

    /// Whether a key exists for text in the given place.
    static func isKnown(_ key: String, source: TableSource?) -> Bool {
        if invoiceKeys[key] != nil { return true }
        switch source {
        case .lines: return lineKeys[key] != nil
        case .vat: return vatKeys[key] != nil
        case nil: return false
        }
    }
}

extension VATRate {
    var isCalculated: Bool {
        if case .calculated = self { return true }
        return false
    }
}

/// A placeholder resolved to its table and index.
enum FieldRef: Sendable, Hashable {
    case invoice(Int)
    case line(Int)
    case vat(Int)
    case page
    case pages
    case unknown
}

/// How identifier schemes are printed next to their values: each scheme's own ``TaxIdentifierScheme/label``.
enum TaxSchemeLabel {
    static func label(_ scheme: String) -> String {
        TaxIdentifiers.scheme(named: scheme)?.label ?? scheme
    }
}
