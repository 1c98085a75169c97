import Foundation

/// Maps a ``JSONReader`` tree onto the model by hand, with exactly the semantics of the
/// `Codable` conformances (which stay as the reference): the same defaults, the same leniency
/// (decimals as strings or numbers, SKUs as integers, VAT rates as numbers), null read as absent
/// for optional fields, and the same error kinds and paths. Beyond `Codable`, a key that is not one
/// of its object's (``InvoiceJSONObject``) is refused once the object's own fields have been read.
///
/// Fields are read in the order the `init(from:)` implementations read them, so a document
/// with several faults reports the same first fault as `JSONDecoder` would.
struct InvoiceTreeDecoder {
    private enum Step {
        case key(StaticString)
        case index(Int)
    }

    /// An object's members, looked up by key.
    private struct Fields {
        let members: [JSONMember]
        let source: UnsafeBufferPointer<UInt8>

        /// The first member with the key: for a duplicate key the first one wins, as with
        /// Foundation's `JSONDecoder` on this platform (measured; it keeps the first value).
        subscript(key: StaticString) -> JSONValue? {
            let wanted = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            for member in members {
                if let escaped = member.escapedKey {
                    if escaped.utf8.elementsEqual(wanted) { return member.value }
                } else if member.keyRange.count == wanted.count,
                          memcmp(source.baseAddress! + member.keyRange.lowerBound, wanted.baseAddress!, wanted.count) == 0 {
                    return member.value
                }
            }
            return nil
        }
    }

    private let source: UnsafeBufferPointer<UInt8>
    /// The path to the value being read; reused as a stack so reading costs no path strings.
    private var steps: [Step] = []

    private init(source: UnsafeBufferPointer<UInt8>) {
        self.source = source
        steps.reserveCapacity(8)
    }

    static func decode(_ data: Data) throws(InvoiceDecodingError) -> Invoice {
        let result: Result<Invoice, InvoiceDecodingError> = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<Invoice, InvoiceDecodingError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            let tree: JSONValue
            do throws(JSONSyntaxError) {
                tree = try JSONReader.read(bytes)
            } catch {
                let (line, column) = error.lineAndColumn(in: bytes)
                return .failure(InvoiceDecodingError(
                    kind: .syntax, path: "", reason: .notJSON(detail: error.message, line: line, column: column)))
            }
            var decoder = InvoiceTreeDecoder(source: bytes)
            do throws(InvoiceDecodingError) {
                return .success(try decoder.invoice(tree))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: Model types, field by field in the order of their init(from:)

    private mutating func invoice(_ root: JSONValue) throws(InvoiceDecodingError) -> Invoice {
        let o: Fields
        switch root {
        case .object(let members): o = Fields(members: members, source: source)
        case .null: throw failure(.missing, nil, .null(expected: .object))
        default: throw failure(.invalidValue, nil, .wrongType(expected: .object))
        }
        let number = try requiredString(o, "number")
        let date = try localDate(o, "date", required: true)!
        let currency = try requiredString(o, "currency")
        let jurisdiction = try optionalString(o, "jurisdiction") ?? "RU"
        let pricesIncludeVat = try optionalBool(o, "pricesIncludeVat") ?? false
        let order = try object(o, "order", required: false, Self.orderReference)
        let seller = try object(o, "seller", required: true, Self.party)!
        let buyer = try object(o, "buyer", required: true, Self.party)!
        let shipper = try object(o, "shipper", required: false, Self.party)
        let consignee = try object(o, "consignee", required: false, Self.party)
        let paymentDocuments = try array(o, "paymentDocuments", required: false, Self.documentReference) ?? []
        let shippingDocuments = try array(o, "shippingDocuments", required: false, Self.documentReference) ?? []
        let contract = try object(o, "contract", required: false, Self.documentReference)
        let lines = try array(o, "lines", required: true, Self.line)!
        let totals = try object(o, "totals", required: false, Self.totals)
        let correction = try object(o, "correction", required: false, Self.documentReference)
        var supply = Supply.goods
        if let text = try optionalString(o, "supply") {
            guard let known = Supply(rawValue: text) else {
                throw failure(.invalidValue, "supply", .notSupply(text))
            }
            supply = known
        }
        let signer = try object(o, "signer", required: false, Self.signer)
        try rejectUnknownKeys(o, .invoice)
        return Invoice(number: number, date: date, currency: currency, jurisdiction: jurisdiction,
                       pricesIncludeVat: pricesIncludeVat, order: order, seller: seller, buyer: buyer,
                       shipper: shipper, consignee: consignee, paymentDocuments: paymentDocuments,
                       shippingDocuments: shippingDocuments, contract: contract, lines: lines, totals: totals,
                       correction: correction, supply: supply, signer: signer)
    }

    private static func signer(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> Signer {
        let signer = Signer(name: try d.requiredString(o, "name"), position: try d.optionalString(o, "position"))
        try d.rejectUnknownKeys(o, .signer)
        return signer
    }

    private static func traceability(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> Traceability {
        let batchNumber = try d.requiredString(o, "batchNumber")
        let unit = try d.object(o, "unit", required: true, Self.unit)!
        let quantity = try d.decimal(o, "quantity", required: true)!
        let amount = try d.decimal(o, "amountWithoutVat", required: false)
        try d.rejectUnknownKeys(o, .traceability)
        return Traceability(batchNumber: batchNumber, unit: unit, quantity: quantity, amountWithoutVat: amount)
    }

    private static func orderReference(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> OrderReference {
        let order = OrderReference(marketplace: try d.optionalString(o, "marketplace"),
                                   orderNumber: try d.optionalString(o, "orderNumber"),
                                   postingNumber: try d.optionalString(o, "postingNumber"))
        try d.rejectUnknownKeys(o, .order)
        return order
    }

    private static func party(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> Party {
        let name = try d.requiredString(o, "name")
        let localName = try d.optionalString(o, "localName")
        let country = try d.optionalString(o, "country")
        let taxIds = try d.array(o, "taxIds", required: false, Self.taxID) ?? []
        let address = try d.optionalString(o, "address")
        try d.rejectUnknownKeys(o, .party)
        return Party(name: name, localName: localName, country: country, taxIds: taxIds, address: address)
    }

    private static func taxID(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> TaxID {
        let id = TaxID(scheme: try d.requiredString(o, "scheme"), value: try d.requiredString(o, "value"))
        try d.rejectUnknownKeys(o, .taxId)
        return id
    }

    private static func documentReference(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> DocumentReference {
        let document = DocumentReference(number: try d.requiredString(o, "number"), date: try d.localDate(o, "date", required: false))
        try d.rejectUnknownKeys(o, .document)
        return document
    }

    private static func unit(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> UnitOfMeasure {
        let unit = UnitOfMeasure(code: try d.requiredString(o, "code"), name: try d.optionalString(o, "name"))
        try d.rejectUnknownKeys(o, .unit)
        return unit
    }

    private static func line(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> InvoiceLine {
        let sku = try d.lenientString(o, "sku")
        let offerId = try d.lenientString(o, "offerId")
        let name = try d.requiredString(o, "name")
        let hsCode = try d.optionalString(o, "hsCode")
        let unit = try d.object(o, "unit", required: false, Self.unit)
        let quantity = try d.decimal(o, "quantity", required: true)!
        let price = try d.decimal(o, "price", required: true)!
        let vatRate = try d.vatRate(o, "vatRate")
        let excise = try d.decimal(o, "excise", required: false)
        let originCountry = try d.optionalString(o, "originCountry")
        let customsDeclaration = try d.optionalString(o, "customsDeclaration")
        let vatAmount = try d.decimal(o, "vatAmount", required: false)
        let amountWithoutVat = try d.decimal(o, "amountWithoutVat", required: false)
        let amountWithVat = try d.decimal(o, "amountWithVat", required: false)
        let traceability = try d.object(o, "traceability", required: false, Self.traceability)
        let markingCodes = try d.stringArray(o, "markingCodes") ?? []
        try d.rejectUnknownKeys(o, .line)
        return InvoiceLine(sku: sku, offerId: offerId, name: name, hsCode: hsCode, unit: unit, quantity: quantity,
                           price: price, vatRate: vatRate, excise: excise, originCountry: originCountry,
                           customsDeclaration: customsDeclaration, vatAmount: vatAmount,
                           amountWithoutVat: amountWithoutVat, amountWithVat: amountWithVat,
                           traceability: traceability, markingCodes: markingCodes)
    }

    private static func totals(_ d: inout InvoiceTreeDecoder, _ o: Fields) throws(InvoiceDecodingError) -> InvoiceTotals {
        let totals = InvoiceTotals(amountWithoutVat: try d.decimal(o, "amountWithoutVat", required: false),
                                   vatAmount: try d.decimal(o, "vatAmount", required: false),
                                   amountWithVat: try d.decimal(o, "amountWithVat", required: false))
        try d.rejectUnknownKeys(o, .totals)
        return totals
    }

    // MARK: Field readers (each mirrors a Codable call: decode, decodeIfPresent, a custom init)

    private func requiredString(_ o: Fields, _ key: StaticString) throws(InvoiceDecodingError) -> String {
        switch o[key] {
        case .string(let text)?: return text
        case nil: throw failure(.missing, key, .missing)
        case .null?: throw failure(.missing, key, .null(expected: .string))
        default: throw failure(.invalidValue, key, .wrongType(expected: .string))
        }
    }

    private func optionalString(_ o: Fields, _ key: StaticString) throws(InvoiceDecodingError) -> String? {
        switch o[key] {
        case .string(let text)?: return text
        case nil, .null?: return nil
        default: throw failure(.invalidValue, key, .wrongType(expected: .string))
        }
    }

    private func optionalBool(_ o: Fields, _ key: StaticString) throws(InvoiceDecodingError) -> Bool? {
        switch o[key] {
        case .bool(let flag)?: return flag
        case nil, .null?: return nil
        default: throw failure(.invalidValue, key, .wrongType(expected: .bool))
        }
    }

    /// `LocalDate.init(from:)`: a string in the form YYYY-MM-DD.
    private func localDate(_ o: Fields, _ key: StaticString, required: Bool) throws(InvoiceDecodingError) -> LocalDate? {
        switch o[key] {
        case .string(let text)?:
            guard let date = LocalDate(iso: text) else {
                throw failure(.invalidValue, key, .notDate(text))
            }
            return date
        case nil:
            if required { throw failure(.missing, key, .missing) }
            return nil
        case .null?:
            if required { throw failure(.missing, key, .null(expected: .string)) }
            return nil
        default:
            throw failure(.invalidValue, key, .wrongType(expected: .string))
        }
    }

    /// `FlexibleDecimal.init(from:)`: a plain decimal string (trimmed) or a JSON number, exactly.
    private func decimal(_ o: Fields, _ key: StaticString, required: Bool) throws(InvoiceDecodingError) -> Decimal? {
        switch o[key] {
        case .string(let text)?:
            guard let value = DecimalText.parse(Self.trimmed(text)) else {
                throw failure(.invalidValue, key, .notDecimal(text))
            }
            return value
        case .number(let range)?:
            guard let value = exactDecimal(range) else {
                throw failure(.invalidValue, key, .inexactNumber(text(range)))
            }
            return value
        case nil:
            if required { throw failure(.missing, key, .missing) }
            return nil
        case .null? where !required:
            return nil
        default:
            // A required null lands here too: FlexibleDecimal finds neither a string nor a number.
            throw failure(.invalidValue, key, .wrongType(expected: .decimal))
        }
    }

    /// `LenientString.init(from:)`: a string, or an integral number kept as its digits.
    private func lenientString(_ o: Fields, _ key: StaticString) throws(InvoiceDecodingError) -> String? {
        switch o[key] {
        case .string(let text)?: return text
        case nil, .null?: return nil
        case .number(let range)?:
            if let integer = integerText(range) { return integer }
            fallthrough
        default:
            throw failure(.invalidValue, key, .wrongType(expected: .stringOrInteger))
        }
    }

    /// `VATRate.init(from:)`: rate text, or a number from 0 up to (not including) 100.
    private func vatRate(_ o: Fields, _ key: StaticString) throws(InvoiceDecodingError) -> VATRate {
        switch o[key] {
        case .string(let text)?:
            guard let rate = VATRate(text: text) else {
                throw failure(.invalidValue, key, .notVATRate(text))
            }
            return rate
        case nil:
            throw failure(.missing, key, .missing)
        case .number(let range)?:
            if let value = exactDecimal(range), value >= 0, value < 100 { return .percent(value) }
            fallthrough
        default:
            throw failure(.invalidValue, key, .wrongType(expected: .vatRate))
        }
    }

    private mutating func object<T>(
        _ o: Fields, _ key: StaticString, required: Bool,
        _ body: (inout InvoiceTreeDecoder, Fields) throws(InvoiceDecodingError) -> T
    ) throws(InvoiceDecodingError) -> T? {
        switch o[key] {
        case .object(let members)?:
            steps.append(.key(key))
            let value = try body(&self, Fields(members: members, source: source))
            steps.removeLast()
            return value
        case nil:
            if required { throw failure(.missing, key, .missing) }
            return nil
        case .null?:
            if required { throw failure(.missing, key, .null(expected: .object)) }
            return nil
        default:
            throw failure(.invalidValue, key, .wrongType(expected: .object))
        }
    }

    /// An array of strings (`markingCodes`); null or absent is nil.
    private mutating func stringArray(_ o: Fields, _ key: StaticString) throws(InvoiceDecodingError) -> [String]? {
        switch o[key] {
        case .array(let elements)?:
            steps.append(.key(key))
            var values: [String] = []
            for (index, value) in elements.enumerated() {
                guard case .string(let text) = value else {
                    steps.append(.index(index))
                    if case .null = value { throw failure(.missing, nil, .null(expected: .string)) }
                    throw failure(.invalidValue, nil, .wrongType(expected: .string))
                }
                values.append(text)
            }
            steps.removeLast()
            return values
        case nil, .null?:
            return nil
        default:
            throw failure(.invalidValue, key, .wrongType(expected: .arrayOfStrings))
        }
    }

    /// An array of objects (every array in the model but `markingCodes` is one).
    private mutating func array<T>(
        _ o: Fields, _ key: StaticString, required: Bool,
        _ element: (inout InvoiceTreeDecoder, Fields) throws(InvoiceDecodingError) -> T
    ) throws(InvoiceDecodingError) -> [T]? {
        switch o[key] {
        case .array(let elements)?:
            steps.append(.key(key))
            var values: [T] = []
            values.reserveCapacity(elements.count)
            for (index, value) in elements.enumerated() {
                steps.append(.index(index))
                switch value {
                case .object(let members):
                    values.append(try element(&self, Fields(members: members, source: source)))
                case .null:
                    throw failure(.missing, nil, .null(expected: .object))
                default:
                    throw failure(.invalidValue, nil, .wrongType(expected: .object))
                }
                steps.removeLast()
            }
            steps.removeLast()
            return values
        case nil:
            if required { throw failure(.missing, key, .missing) }
            return nil
        case .null?:
            if required { throw failure(.missing, key, .null(expected: .array)) }
            return nil
        default:
            throw failure(.invalidValue, key, .wrongType(expected: .array))
        }
    }

    // MARK: Numbers

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: source[range]), as: UTF8.self)
    }

    /// The exact value of a JSON number (the reader checked its grammar). Exponents are
    /// accepted and applied exactly (`1e2` is 100, `1.5E-3` is 0.0015), as `JSONDecoder`
    /// does; nil when it needs more than 38 digits or an exponent beyond `Decimal`'s range.
    private func exactDecimal(_ range: Range<Int>) -> Decimal? {
        var mantissaEnd = range.upperBound
        for i in range where source[i] | 0x20 == UInt8(ascii: "e") {
            mantissaEnd = i
            break
        }
        guard var value = DecimalText.parse(text(range.lowerBound..<mantissaEnd)) else { return nil }
        // `-0` is zero (as JSONDecoder reads it), not a signed zero.
        if value.isZero { return Decimal.zero }
        if mantissaEnd < range.upperBound {
            let exponentText = text(mantissaEnd + 1..<range.upperBound)
            // Decimal's exponent is an Int8; anything needing more is not held exactly.
            guard exponentText.utf8.count <= 5, let exponent = Int(exponentText),
                  (-128...127).contains(value.exponent + exponent) else { return nil }
            // The sign goes in separately: on some platforms `Decimal(sign:exponent:significand:)` sets it rather than combining it with the significand's.
            let negative = value < 0
            value = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: negative ? -value : value)
        }
        return value
    }

    /// An integral number's digits (`1234567890`, also `1e3` or `1.0`), as `Int64` decoding takes it.
    private func integerText(_ range: Range<Int>) -> String? {
        let plain = !source[range].contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
        if plain { return Int64(text(range)).map(String.init) }
        guard let value = exactDecimal(range), DecimalText.rounded(value, scale: 0) == value else { return nil }
        return Int64(DecimalText.canonical(value)).map(String.init)
    }

    /// `trimmingCharacters(in: .whitespaces)` without its cost for the usual untrimmed text.
    private static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        return plain(first) && plain(last) ? text : text.trimmingCharacters(in: .whitespaces)
    }

    // MARK: Unknown keys

    /// Each object's keys as bytes, for comparing with member keys in place.
    private static let knownKeys: [InvoiceJSONObject: [[UInt8]]] =
        Dictionary(uniqueKeysWithValues: InvoiceJSONObject.allCases.map { ($0, $0.keys.map { Array($0.utf8) }) })

    /// Throws for the first member whose key the object does not have, naming the key, the
    /// object's place (`$`, `$.lines[0].unit`) and the nearest known key.
    private func rejectUnknownKeys(_ o: Fields, _ object: InvoiceJSONObject) throws(InvoiceDecodingError) {
        let known = Self.knownKeys[object] ?? []
        for member in o.members {
            let isKnown: Bool
            if let escaped = member.escapedKey {
                isKnown = known.contains { $0.elementsEqual(escaped.utf8) }
            } else {
                isKnown = known.contains { key in
                    key.count == member.keyRange.count
                        && key.withUnsafeBufferPointer { memcmp(source.baseAddress! + member.keyRange.lowerBound, $0.baseAddress!, key.count) == 0 }
                }
            }
            if isKnown { continue }
            let name = member.escapedKey ?? text(member.keyRange)
            let place = currentPath()
            throw InvoiceDecodingError(kind: .unknownKey, path: place.isEmpty ? name : "\(place).\(name)",
                                       reason: .unknownKey(name: name, place: place.isEmpty ? "$" : "$.\(place)",
                                                           nearest: NearestName.nearest(to: name, in: object.keys)))
        }
    }

    // MARK: Errors

    /// An error at the current path, plus `key` when the fault is in a field of the current object.
    private func failure(_ kind: InvoiceDecodingError.Kind, _ key: StaticString?,
                         _ reason: InvoiceDecodingError.Reason) -> InvoiceDecodingError {
        var path = currentPath()
        if let key { path += path.isEmpty ? key.description : ".\(key.description)" }
        return InvoiceDecodingError(kind: kind, path: path, reason: reason)
    }

    /// The path of the value being read (`lines[2].unit`); empty at the top.
    private func currentPath() -> String {
        var path = ""
        func appendKey(_ key: StaticString) {
            if !path.isEmpty { path += "." }
            path += key.description
        }
        for step in steps {
            switch step {
            case .key(let key): appendKey(key)
            case .index(let index): path += "[\(index)]"
            }
        }
        return path
    }
}
