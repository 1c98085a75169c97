public import Foundation

/// An invoice as the law and the marketplace need it (docs/invoice.md): parties with their tax
/// identifiers, lines with customs codes and VAT, and totals.
///
/// Amounts left nil are computed by ``Invoice/calculate()``; amounts given are what the
/// document claims and are checked against the computation by the validator.
public struct Invoice: Sendable, Hashable {
    public var number: String
    public var date: LocalDate
    /// ISO 4217 alphabetic code as given (checked by validation, not by the model).
    public var currency: String
    /// ISO 3166 alpha-2 code of the tax law the invoice is issued under (`RU`).
    public var jurisdiction: String
    /// True when line prices include VAT (typical for foreign sellers on Ozon).
    public var pricesIncludeVat: Bool
    /// Whether the invoice is for goods or for works and services: it decides what lines (3)
    /// and (4) of a счёт-фактура print for an absent shipper or consignee (Decree 1137).
    public var supply: Supply
    public var order: OrderReference?
    public var seller: Party
    public var buyer: Party
    public var shipper: Party?
    public var consignee: Party?
    public var paymentDocuments: [DocumentReference]
    public var shippingDocuments: [DocumentReference]
    public var contract: DocumentReference?
    public var lines: [InvoiceLine]
    public var totals: InvoiceTotals?
    /// Set on a corrected invoice: the correction's number and date (line 1a of a счёт-фактура).
    /// The invoice keeps its original number and date.
    public var correction: DocumentReference?
    /// Who signs the document for the seller (the UPD's `Подписант`).
    public var signer: Signer?

    public init(number: String, date: LocalDate, currency: String, jurisdiction: String = "RU",
                pricesIncludeVat: Bool, order: OrderReference? = nil, seller: Party, buyer: Party,
                shipper: Party? = nil, consignee: Party? = nil, paymentDocuments: [DocumentReference] = [],
                shippingDocuments: [DocumentReference] = [], contract: DocumentReference? = nil,
                lines: [InvoiceLine], totals: InvoiceTotals? = nil, correction: DocumentReference? = nil,
                supply: Supply = .goods, signer: Signer? = nil) {
        self.number = number
        self.date = date
        self.currency = currency
        self.jurisdiction = jurisdiction
        self.pricesIncludeVat = pricesIncludeVat
        self.order = order
        self.seller = seller
        self.buyer = buyer
        self.shipper = shipper
        self.consignee = consignee
        self.paymentDocuments = paymentDocuments
        self.shippingDocuments = shippingDocuments
        self.contract = contract
        self.lines = lines
        self.totals = totals
        self.correction = correction
        self.supply = supply
        self.signer = signer
    }
}

/// What an invoice is for (`supply` in the invoice JSON; goods when absent).
public enum Supply: String, Sendable, Hashable, CaseIterable, Codable {
    /// Goods: shipped from a shipper to a consignee.
    case goods
    /// Works, services or property rights: nothing is shipped.
    case services
}

/// The person who signs an invoice for the seller: full name (`Фамилия Имя Отчество`) and position.
public struct Signer: Sendable, Hashable, Codable {
    public var name: String
    public var position: String?

    public init(name: String, position: String? = nil) {
        self.name = name
        self.position = position
    }
}

extension Signer {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, position }
}

/// Goods subject to traceability (Decree 1137, columns 11–14 of the счёт-фактура): the batch's
/// registration number (РНПТ) and the unit, quantity and value the traceability system counts.
public struct Traceability: Sendable, Hashable {
    /// The registration number of the batch (РНПТ), `NNNNNNNN/DDMMYY/NNNNNNN/NNN` (column 11).
    public var batchNumber: String
    /// The unit of the traceability system, by its ОКЕИ code (columns 12 and 12а).
    public var unit: UnitOfMeasure
    /// The quantity in that unit (column 13).
    public var quantity: Decimal
    /// The value without VAT in roubles (column 14); nil: the line's amount without VAT.
    public var amountWithoutVat: Decimal?

    public init(batchNumber: String, unit: UnitOfMeasure, quantity: Decimal, amountWithoutVat: Decimal? = nil) {
        self.batchNumber = batchNumber
        self.unit = unit
        self.quantity = quantity
        self.amountWithoutVat = amountWithoutVat
    }
}

/// The marketplace order an invoice belongs to.
public struct OrderReference: Sendable, Hashable, Codable {
    public var marketplace: String?
    public var orderNumber: String?
    public var postingNumber: String?

    public init(marketplace: String? = nil, orderNumber: String? = nil, postingNumber: String? = nil) {
        self.marketplace = marketplace
        self.orderNumber = orderNumber
        self.postingNumber = postingNumber
    }
}

extension OrderReference {
    enum CodingKeys: String, CodingKey, CaseIterable { case marketplace, orderNumber, postingNumber }
}

/// A seller, buyer, shipper or consignee.
public struct Party: Sendable, Hashable, Codable {
    public var name: String
    /// The name in the party's own script (a Chinese seller's registered name).
    public var localName: String?
    /// ISO 3166 alpha-2.
    public var country: String?
    public var taxIds: [TaxID]
    public var address: String?

    public init(name: String, localName: String? = nil, country: String? = nil, taxIds: [TaxID] = [],
                address: String? = nil) {
        self.name = name
        self.localName = localName
        self.country = country
        self.taxIds = taxIds
        self.address = address
    }

    /// The first identifier of the scheme (`"ru-inn"`), if the party has one.
    public func taxID(_ scheme: String) -> String? {
        taxIds.first { $0.scheme == scheme }?.value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        localName = try container.decodeIfPresent(String.self, forKey: .localName)
        country = try container.decodeIfPresent(String.self, forKey: .country)
        taxIds = try container.decodeIfPresent([TaxID].self, forKey: .taxIds) ?? []
        address = try container.decodeIfPresent(String.self, forKey: .address)
    }
}

extension Party {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, localName, country, taxIds, address }
}

/// A tax identifier under a named scheme (`ru-inn`, `cn-uscc`, ...), kept as given.
public struct TaxID: Sendable, Hashable, Codable {
    public var scheme: String
    public var value: String

    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }
}

extension TaxID {
    enum CodingKeys: String, CodingKey, CaseIterable { case scheme, value }
}

/// A payment, shipping or contract document (or a correction): number and date.
public struct DocumentReference: Sendable, Hashable, Codable {
    public var number: String
    public var date: LocalDate?

    public init(number: String, date: LocalDate? = nil) {
        self.number = number
        self.date = date
    }
}

extension DocumentReference {
    enum CodingKeys: String, CodingKey, CaseIterable { case number, date }
}

/// A unit of measure by its OKEI code (`796` = шт).
public struct UnitOfMeasure: Sendable, Hashable, Codable {
    public var code: String
    public var name: String?

    public init(code: String, name: String? = nil) {
        self.code = code
        self.name = name
    }
}

/// One invoice line.
public struct InvoiceLine: Sendable, Hashable {
    public var sku: String?
    public var offerId: String?
    public var name: String
    /// HS / TN VED code as given (dots and spaces allowed).
    public var hsCode: String?
    public var unit: UnitOfMeasure?
    public var quantity: Decimal
    /// Unit price, with or without VAT as ``Invoice/pricesIncludeVat`` says.
    public var price: Decimal
    public var vatRate: VATRate
    public var excise: Decimal?
    /// ISO 3166 alpha-2 of the country of origin.
    public var originCountry: String?
    public var customsDeclaration: String?
    public var vatAmount: Decimal?
    public var amountWithoutVat: Decimal?
    public var amountWithVat: Decimal?
    /// Traceable goods: the batch (РНПТ) and the traceability unit, quantity and value.
    public var traceability: Traceability?
    /// Marking codes of the marked items on the line (КИЗ): GS1 DataMatrix strings with the
    /// application identifiers 01 (GTIN), 21 (serial) and, after a GS separator, 91 and 92.
    public var markingCodes: [String]

    public init(sku: String? = nil, offerId: String? = nil, name: String, hsCode: String? = nil,
                unit: UnitOfMeasure? = nil, quantity: Decimal, price: Decimal, vatRate: VATRate,
                excise: Decimal? = nil, originCountry: String? = nil, customsDeclaration: String? = nil,
                vatAmount: Decimal? = nil, amountWithoutVat: Decimal? = nil, amountWithVat: Decimal? = nil,
                traceability: Traceability? = nil, markingCodes: [String] = []) {
        self.sku = sku
        self.offerId = offerId
        self.name = name
        self.hsCode = hsCode
        self.unit = unit
        self.quantity = quantity
        self.price = price
        self.vatRate = vatRate
        self.excise = excise
        self.originCountry = originCountry
        self.customsDeclaration = customsDeclaration
        self.vatAmount = vatAmount
        self.amountWithoutVat = amountWithoutVat
        self.amountWithVat = amountWithVat
        self.traceability = traceability
        self.markingCodes = markingCodes
    }
}

/// Invoice totals as the document states them (nil = to be computed).
public struct InvoiceTotals: Sendable, Hashable {
    public var amountWithoutVat: Decimal?
    public var vatAmount: Decimal?
    public var amountWithVat: Decimal?

    public init(amountWithoutVat: Decimal? = nil, vatAmount: Decimal? = nil, amountWithVat: Decimal? = nil) {
        self.amountWithoutVat = amountWithoutVat
        self.vatAmount = vatAmount
        self.amountWithVat = amountWithVat
    }
}

extension UnitOfMeasure {
    enum CodingKeys: String, CodingKey, CaseIterable { case code, name }
}
