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

    /// What the field should have held, as the error names it.
    public enum Expected: String, Sendable, Hashable, CaseIterable {
        case string, object, array, bool, decimal, stringOrInteger, vatRate, arrayOfStrings

        /// The English words (`a string`, `true or false`).
        public var english: String {
            switch self {
            case .string: "a string"
            case .object: "an object"
            case .array: "an array"
            case .bool: "true or false"
            case .decimal: "a decimal number, as a string such as \"12345.67\""
            case .stringOrInteger: "a string or an integer"
            case .vatRate: "a VAT rate such as \"22%\", \"22/122\" or \"none\""
            case .arrayOfStrings: "an array of strings"
            }
        }
    }

    /// Why the value cannot be read, with its values: what a message in any language says
    /// (Validate turns it into a catalogue text; ``message`` is the English).
    public enum Reason: Sendable, Hashable {
        /// Not JSON: the reader's own (English) detail and where it stopped.
        case notJSON(detail: String, line: Int, column: Int)
        case missing
        case null(expected: Expected)
        case wrongType(expected: Expected)
        case notDate(String)
        case notDecimal(String)
        /// A JSON number that needs more than 38 digits.
        case inexactNumber(String)
        case notVATRate(String)
        case notSupply(String)
        /// `place` is `$` or `$.lines[0].unit`.
        case unknownKey(name: String, place: String, nearest: String?)
        /// A message without parts (the `Codable` reference route).
        case described(String)
    }

    public let kind: Kind
    /// `lines[2].quantity`; empty for the document itself.
    public let path: String
    public let reason: Reason

    public init(kind: Kind, path: String, reason: Reason) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public init(kind: Kind, path: String, message: String) {
        self.init(kind: kind, path: path, reason: .described(message))
    }

    /// What is wrong, in English.
    public var message: String {
        switch reason {
        case let .notJSON(detail, line, column): "not valid JSON: \(detail) (line \(line), column \(column))"
        case .missing: "required field is missing"
        case .null(let expected): "required field is null (expected \(expected.english))"
        case .wrongType(let expected): "expected \(expected.english)"
        case .notDate(let text): "'\(text)' is not a calendar date in the form YYYY-MM-DD"
        case .notDecimal(let text): "'\(text)' is not a plain decimal number such as 12345.67"
        case .inexactNumber(let text):
            "the number \(text) cannot be held exactly as a decimal (at most 38 digits); write it as a string such as \"12345.67\""
        case .notVATRate(let text): "'\(text)' is not a VAT rate; write \"22%\", \"22/122\" or \"none\""
        case .notSupply(let text): "'\(text)' is not a supply; expected \"goods\" or \"services\""
        case let .unknownKey(name, place, nearest):
            "unknown key '\(name)' at \(place)" + (nearest.map { "; did you mean '\($0)'?" } ?? "")
        case .described(let text): text
        }
    }

    /// Errors are the same when they say the same at the same place, however they were made.
    public static func == (lhs: InvoiceDecodingError, rhs: InvoiceDecodingError) -> Bool {
        lhs.kind == rhs.kind && lhs.path == rhs.path && lhs.message == rhs.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(path)
        hasher.combine(message)
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

    /// Encodes canonically through the project's one JSON writer (``JSONText``): pretty-printed,
    /// keys sorted, decimals as strings (money with at least the currency's minor units), nil
    /// fields and empty document lists left out, a final newline.
    public static func encode(_ invoice: Invoice) -> Data {
        json(invoice).data()
    }

    /// The canonical JSON value of an invoice (see ``encode(_:)``).
    public static func json(_ invoice: Invoice) -> JSONText {
        let scale = invoice.minorUnits
        func money(_ value: Decimal?) -> JSONText? { value.map { .string(moneyText($0, scale: scale)) } }
        func text(_ value: String?) -> JSONText? { value.map(JSONText.string) }
        func object(_ members: [(Invoice.CodingKeys, JSONText?)]) -> JSONText { sorted(members.map { ($0.0.rawValue, $0.1) }) }
        return object([
            (.number, .string(invoice.number)),
            (.date, .string(invoice.date.description)),
            (.currency, .string(invoice.currency)),
            (.jurisdiction, .string(invoice.jurisdiction)),
            (.pricesIncludeVat, .bool(invoice.pricesIncludeVat)),
            (.order, invoice.order.map(json)),
            (.seller, json(invoice.seller)),
            (.buyer, json(invoice.buyer)),
            (.shipper, invoice.shipper.map(json)),
            (.consignee, invoice.consignee.map(json)),
            (.paymentDocuments, invoice.paymentDocuments.isEmpty ? nil : .array(invoice.paymentDocuments.map(json))),
            (.shippingDocuments, invoice.shippingDocuments.isEmpty ? nil : .array(invoice.shippingDocuments.map(json))),
            (.contract, invoice.contract.map(json)),
            (.lines, .array(invoice.lines.map { line in
                sorted([
                    ("sku", text(line.sku)), ("offerId", text(line.offerId)), ("name", .string(line.name)),
                    ("hsCode", text(line.hsCode)), ("unit", line.unit.map(json)),
                    ("quantity", .string(DecimalText.canonical(line.quantity))), ("price", money(line.price)),
                    ("vatRate", .string(line.vatRate.text)), ("excise", money(line.excise)),
                    ("originCountry", text(line.originCountry)), ("customsDeclaration", text(line.customsDeclaration)),
                    ("vatAmount", money(line.vatAmount)), ("amountWithoutVat", money(line.amountWithoutVat)),
                    ("amountWithVat", money(line.amountWithVat)),
                    ("traceability", line.traceability.map { trace in
                        sorted([("batchNumber", .string(trace.batchNumber)), ("unit", json(trace.unit)),
                                ("quantity", .string(DecimalText.canonical(trace.quantity))),
                                ("amountWithoutVat", money(trace.amountWithoutVat))])
                    }),
                    ("markingCodes", line.markingCodes.isEmpty ? nil : .array(line.markingCodes.map(JSONText.string))),
                ])
            })),
            (.totals, invoice.totals.map { totals in
                sorted([("amountWithoutVat", money(totals.amountWithoutVat)), ("vatAmount", money(totals.vatAmount)),
                        ("amountWithVat", money(totals.amountWithVat))])
            }),
            (.correction, invoice.correction.map(json)),
            // Goods, the common case, is written as nothing: existing invoices keep their bytes.
            (.supply, invoice.supply == .goods ? nil : .string(invoice.supply.rawValue)),
            (.signer, invoice.signer.map { signer in
                sorted([("name", .string(signer.name)), ("position", signer.position.map(JSONText.string))])
            }),
        ])
    }

    private static func json(_ order: OrderReference) -> JSONText {
        sorted([("marketplace", order.marketplace.map(JSONText.string)), ("orderNumber", order.orderNumber.map(JSONText.string)),
                ("postingNumber", order.postingNumber.map(JSONText.string))])
    }

    private static func json(_ party: Party) -> JSONText {
        sorted([("name", .string(party.name)), ("localName", party.localName.map(JSONText.string)),
                ("country", party.country.map(JSONText.string)),
                ("taxIds", .array(party.taxIds.map { .object([("scheme", .string($0.scheme)), ("value", .string($0.value))]) })),
                ("address", party.address.map(JSONText.string))])
    }

    private static func json(_ document: DocumentReference) -> JSONText {
        sorted([("number", .string(document.number)), ("date", document.date.map { .string($0.description) })])
    }

    private static func json(_ unit: UnitOfMeasure) -> JSONText {
        sorted([("code", .string(unit.code)), ("name", unit.name.map(JSONText.string))])
    }

    /// An object of the present members, keys sorted.
    private static func sorted(_ members: [(String, JSONText?)]) -> JSONText {
        .object(members.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 })
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

extension Invoice: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, date, currency, jurisdiction, pricesIncludeVat, order, seller, buyer, shipper, consignee
        case paymentDocuments, shippingDocuments, contract, lines, totals, correction, supply, signer
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
        supply = try c.decodeIfPresent(Supply.self, forKey: .supply) ?? .goods
        signer = try c.decodeIfPresent(Signer.self, forKey: .signer)
    }
}

/// Money text that keeps at least the currency's minor units (`12.50`, not `12.5`).
func moneyText(_ value: Decimal, scale: Int) -> String {
    let canonical = DecimalText.canonical(value)
    let ownScale = canonical.split(separator: ".").dropFirst().first?.count ?? 0
    return DecimalText.format(value, scale: max(scale, ownScale))
}

extension InvoiceLine: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case sku, offerId, name, hsCode, unit, quantity, price, vatRate, excise, originCountry
        case customsDeclaration, vatAmount, amountWithoutVat, amountWithVat, traceability, markingCodes
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
        traceability = try c.decodeIfPresent(Traceability.self, forKey: .traceability)
        markingCodes = try c.decodeIfPresent([String].self, forKey: .markingCodes) ?? []
    }
}

extension Traceability: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case batchNumber, unit, quantity, amountWithoutVat }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        batchNumber = try c.decode(String.self, forKey: .batchNumber)
        unit = try c.decode(UnitOfMeasure.self, forKey: .unit)
        quantity = try c.decode(FlexibleDecimal.self, forKey: .quantity).value
        amountWithoutVat = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .amountWithoutVat)?.value
    }
}

extension InvoiceTotals: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case amountWithoutVat, vatAmount, amountWithVat }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        amountWithoutVat = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .amountWithoutVat)?.value
        vatAmount = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .vatAmount)?.value
        amountWithVat = try c.decodeIfPresent(FlexibleDecimal.self, forKey: .amountWithVat)?.value
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
