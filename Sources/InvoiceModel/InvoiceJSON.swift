public import Foundation

/// A JSON invoice that could not be read, with the JSON path of the bad field.
public struct InvoiceDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not JSON at all, or nested too deep.
        case syntax
        /// A required field is absent or null.
        case missing
        /// A field has the wrong type or an unreadable value.
        case invalidValue
        /// A key the object does not have (a typo, or a field of another object).
        case unknownKey
    }

    public let kind: Kind
    /// `lines[2].quantity`; empty for the document itself.
    public let path: String
    public let message: String

    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// The last key of the path (`quantity` for `lines[2].quantity`).
    public var fieldName: String {
        let last = path.split(separator: ".").last.map(String.init) ?? path
        return last.split(separator: "[").first.map(String.init) ?? last
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// The canonical JSON form of an invoice (docs/invoice.md): decimals as strings, numbers accepted.
public enum InvoiceJSON {
    /// Decodes an invoice. A key no object of the invoice has (``InvoiceJSONObject``) is an
    /// error naming it, its place and the nearest known key: a typo never silently drops a field.
    ///
    /// Reads with the strict ``JSONReader`` and maps by hand (several times faster than
    /// `JSONDecoder`); the result, defaults and errors are those of the `Codable` conformances.
    /// Numbers with exponents (`1e2`) are accepted and converted exactly; numbers needing more
    /// than 38 digits are refused with a message rather than rounded.
    public static func decode(_ data: Data) throws(InvoiceDecodingError) -> Invoice {
        try InvoiceTreeDecoder.decode(data)
    }

    /// The `JSONDecoder` + `Codable` route `decode` replaced, kept as the reference its tests compare with.
    static func decodeWithCodable(_ data: Data) throws(InvoiceDecodingError) -> Invoice {
        do {
            return try JSONDecoder().decode(Invoice.self, from: data)
        } catch let error as DecodingError {
            throw InvoiceDecodingError(error)
        } catch {
            throw InvoiceDecodingError(kind: .syntax, path: "", message: "not valid JSON: \(error)")
        }
    }

    /// Encodes canonically: pretty-printed, keys sorted, decimals as strings, nil fields left out.
    public static func encode(_ invoice: Invoice) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding our own value types cannot fail: every field is a string, bool or array of them.
        return try! encoder.encode(invoice)
    }
}

extension InvoiceDecodingError {
    init(_ error: DecodingError) {
        func render(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(kind: .missing, path: render(context.codingPath + [key]), message: "required field is missing")
        case .valueNotFound(let type, let context):
            self.init(kind: .missing, path: render(context.codingPath),
                      message: "required field is null (expected \(InvoiceDecodingError.describe(type)))")
        case .typeMismatch(let type, let context):
            self.init(kind: .invalidValue, path: render(context.codingPath),
                      message: "expected \(InvoiceDecodingError.describe(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = (context.underlyingError.map { "\($0)" }) ?? context.debugDescription
                self.init(kind: .syntax, path: "", message: "not valid JSON: \(detail)")
            } else {
                self.init(kind: .invalidValue, path: render(context.codingPath), message: context.debugDescription)
            }
        @unknown default:
            self.init(kind: .syntax, path: "", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Decimal.Type, is FlexibleDecimal.Type: return "a decimal number"
        case is Array<Any>.Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") || name.hasPrefix("KeyedDecodingContainer") { return "an object" }
            return "a value of type \(name)"
        }
    }
}

extension Invoice: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, date, currency, jurisdiction, pricesIncludeVat, order, seller, buyer, shipper, consignee
        case paymentDocuments, shippingDocuments, contract, lines, totals, correction
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(String.self, forKey: .number)
        date = try c.decode(LocalDate.self, forKey: .date)
        currency = try c.decode(String.self, forKey: .currency)
        jurisdiction = try c.decodeIfPresent(String.self, forKey: .jurisdiction) ?? "RU"
        pricesIncludeVat = try c.decodeIfPresent(Bool.self, forKey: .pricesIncludeVat) ?? false
        order = try c.decodeIfPresent(OrderReference.self, forKey: .order)
        seller = try c.decode(Party.self, forKey: .seller)
        buyer = try c.decode(Party.self, forKey: .buyer)
        shipper = try c.decodeIfPresent(Party.self, forKey: .shipper)
        consignee = try c.decodeIfPresent(Party.self, forKey: .consignee)
        paymentDocuments = try c.decodeIfPresent([DocumentReference].self, forKey: .paymentDocuments) ?? []
        shippingDocuments = try c.decodeIfPresent([DocumentReference].self, forKey: .shippingDocuments) ?? []
        contract = try c.decodeIfPresent(DocumentReference.self, forKey: .contract)
        lines = try c.decode([InvoiceLine].self, forKey: .lines)
        totals = try c.decodeIfPresent(InvoiceTotals.self, forKey: .totals)
        correction = try c.decodeIfPresent(DocumentReference.self, forKey: .correction)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(date, forKey: .date)
        try c.encode(currency, forKey: .currency)
        try c.encode(jurisdiction, forKey: .jurisdiction)
        try c.encode(pricesIncludeVat, forKey: .pricesIncludeVat)
        try c.encodeIfPresent(order, forKey: .order)
        try c.encode(seller, forKey: .seller)
        try c.encode(buyer, forKey: .buyer)
        try c.encodeIfPresent(shipper, forKey: .shipper)
        try c.encodeIfPresent(consignee, forKey: .consignee)
        if !paymentDocuments.isEmpty { try c.encode(paymentDocuments, forKey: .paymentDocuments) }
        if !shippingDocuments.isEmpty { try c.encode(shippingDocuments, forKey: .shippingDocuments) }
        try c.encodeIfPresent(contract, forKey: .contract)
        let scale = minorUnits
        try c.encode(lines.map { EncodedLine(line: $0, moneyScale: scale) }, forKey: .lines)
        if let totals { try c.encode(EncodedTotals(totals: totals, moneyScale: scale), forKey: .totals) }
        try c.encodeIfPresent(correction, forKey: .correction)
    }
}

/// Money text that keeps at least the currency's minor units (`12.50`, not `12.5`).
func moneyText(_ value: Decimal, scale: Int) -> String {
    let canonical = DecimalText.canonical(value)
    let ownScale = canonical.split(separator: ".").dropFirst().first?.count ?? 0
    return DecimalText.format(value, scale: max(scale, ownScale))
}

extension InvoiceLine: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case sku, offerId, name, hsCode, unit, quantity, price, vatRate, excise, originCountry
        case customsDeclaration, vatAmount, amountWithoutVat, amountWithVat
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sku = try c.decodeIfPresent(LenientString.self, forKey: .sku)?.value
        offerId = try c.decodeIfPresent(LenientString.self, forKey: .offerId)?.value
        name = try c.decode(String.self, forKey: .name)
        hsCode = try c.decodeIfPresent(String.self, forKey: .hsCode)
        unit = try c.decodeIfPresent(UnitOfMeasure.self, forKey: .unit)
        quantity = try c.decode(FlexibleDecimal.self, forKey: .quantity).value
        price = try c.decode(FlexibleDecimal.self, forKey: .price).value
        vatRate = try c.decode(VATRate.self, forKey: .vatRate)
        excise = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .excise)?.value
        originCountry = try c.decodeIfPresent(String.self, forKey: .originCountry)
        customsDeclaration = try c.decodeIfPresent(String.self, forKey: .customsDeclaration)
        vatAmount = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .vatAmount)?.value
        amountWithoutVat = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .amountWithoutVat)?.value
        amountWithVat = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .amountWithVat)?.value
    }

    public func encode(to encoder: any Encoder) throws {
        try EncodedLine(line: self, moneyScale: 2).encode(to: encoder)
    }
}

/// A line as canonical JSON writes it, with money at the invoice currency's scale.
private struct EncodedLine: Encodable {
    let line: InvoiceLine
    let moneyScale: Int

    func encode(to encoder: any Encoder) throws {
        typealias Keys = InvoiceLine.CodingKeys
        var c = encoder.container(keyedBy: Keys.self)
        func money(_ value: Decimal?, _ key: Keys) throws {
            if let value { try c.encode(moneyText(value, scale: moneyScale), forKey: key) }
        }
        try c.encodeIfPresent(line.sku, forKey: .sku)
        try c.encodeIfPresent(line.offerId, forKey: .offerId)
        try c.encode(line.name, forKey: .name)
        try c.encodeIfPresent(line.hsCode, forKey: .hsCode)
        try c.encodeIfPresent(line.unit, forKey: .unit)
        try c.encode(DecimalText.canonical(line.quantity), forKey: .quantity)
        try money(line.price, .price)
        try c.encode(line.vatRate, forKey: .vatRate)
        try money(line.excise, .excise)
        try c.encodeIfPresent(line.originCountry, forKey: .originCountry)
        try c.encodeIfPresent(line.customsDeclaration, forKey: .customsDeclaration)
        try money(line.vatAmount, .vatAmount)
        try money(line.amountWithoutVat, .amountWithoutVat)
        try money(line.amountWithVat, .amountWithVat)
    }
}

extension InvoiceTotals: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case amountWithoutVat, vatAmount, amountWithVat }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amountWithoutVat = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .amountWithoutVat)?.value
        vatAmount = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .vatAmount)?.value
        amountWithVat = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .amountWithVat)?.value
    }

    public func encode(to encoder: any Encoder) throws {
        try EncodedTotals(totals: self, moneyScale: 2).encode(to: encoder)
    }
}

private struct EncodedTotals: Encodable {
    let totals: InvoiceTotals
    let moneyScale: Int

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: InvoiceTotals.CodingKeys.self)
        if let v = totals.amountWithoutVat { try c.encode(moneyText(v, scale: moneyScale), forKey: .amountWithoutVat) }
        if let v = totals.vatAmount { try c.encode(moneyText(v, scale: moneyScale), forKey: .vatAmount) }
        if let v = totals.amountWithVat { try c.encode(moneyText(v, scale: moneyScale), forKey: .amountWithVat) }
    }
}

/// SKUs arrive as numbers from Ozon (`"sku": 1234567890`); keep them as text.
struct LenientString: Decodable {
    let value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string or an integer")
        }
    }
}
