public import Foundation

/// The request bodies that upload an invoice to Ozon (Seller API), built offline:
/// `/v1/invoice/file/upload` (`base64_content`, `posting_number`) and
/// `/v2/invoice/create-or-update` (`posting_number`, `date`, `number`, `price`,
/// `price_currency`, `hs_codes`, `url`).
///
/// ```swift
/// let payload = try OzonInvoicePayload(file: pdf, source: "a.pdf", invoice: invoice, fields: .init())
/// print(payload.createOrUpdateBody.rendered())
/// ```
///
/// What Ozon would refuse is refused here, all problems at once (``OzonPayloadRefusal``).
public struct OzonInvoicePayload: Sendable, Hashable {
    /// One `hs_codes` item: the customs code of an Ozon SKU.
    public struct HSCodeItem: Sendable, Hashable {
        public var code: String
        public var sku: String

        public init(code: String, sku: String) {
            self.code = code
            self.sku = sku
        }
    }

    /// Values given on the command line; each replaces what the embedded invoice says.
    public struct Fields: Sendable, Hashable {
        public var posting: String?
        public var number: String?
        public var date: String?
        public var price: String?
        public var currency: String?
        public var hsCodes: [HSCodeItem]?
        /// Where the file will be reachable for `/v2/invoice/create-or-update`.
        public var url: String?

        public init(posting: String? = nil, number: String? = nil, date: String? = nil, price: String? = nil,
                    currency: String? = nil, hsCodes: [HSCodeItem]? = nil, url: String? = nil) {
            self.posting = posting
            self.number = number
            self.date = date
            self.price = price
            self.currency = currency
            self.hsCodes = hsCodes
            self.url = url
        }
    }

    /// Ozon's limits (one home: InvoiceModel's ``OzonLimits``).
    public typealias Limits = OzonLimits

    /// What the `url` field holds when `--url` is not given: to be replaced once the file is hosted.
    public static let placeholderURL = "https://example.invalid/invoice.pdf"

    public var postingNumber: String
    public var file: Data
    public var date: LocalDate
    public var number: String
    /// The price text as sent (`24691.34`).
    public var price: String
    public var priceCurrency: String
    public var hsCodes: [HSCodeItem]
    public var url: String

    /// Builds the payload from the file, the invoice it embeds (if any) and the given fields.
    /// - Parameter source: the file's name, used in messages.
    public init(file: Data, source: String, invoice: Invoice?, fields: Fields) throws(OzonPayloadRefusal) {
        var problems: [OzonPayloadRefusal.Problem] = []
        func refuse(_ field: String, _ message: String) { problems.append(.init(field: field, message: message)) }

        if file.count > Limits.maximumFileBytes {
            refuse("base64_content", "the file has \(file.count) bytes; Ozon accepts at most \(Limits.maximumFileBytes) (10 MB)")
        }
        let isPDF = file.starts(with: Array("%PDF-".utf8))
        let isJPEG = file.starts(with: [0xFF, 0xD8, 0xFF])
        if !isPDF && !isJPEG { refuse("base64_content", "the file is neither a PDF nor a JPEG; Ozon accepts only those") }

        let posting = (fields.posting ?? invoice?.order?.postingNumber)?.trimmingCharacters(in: .whitespaces) ?? ""
        if posting.isEmpty {
            refuse("posting_number", "no posting number: the file embeds no invoice data naming one; give --posting")
        } else if let embedded = invoice?.order?.postingNumber, let given = fields.posting, embedded != given {
            refuse("posting_number", "--posting \(given) differs from the posting the invoice names (\(embedded))")
        }

        let number = fields.number ?? invoice?.number ?? ""
        if number.isEmpty {
            refuse("number", "no invoice number: give --number")
        } else {
            for problem in Limits.numberProblems(number) { refuse("number", problem) }
        }

        var date = invoice?.date
        if let text = fields.date {
            date = LocalDate(iso: text)
            if date == nil { refuse("date", "'\(text)' is not a date (YYYY-MM-DD)") }
        } else if date == nil {
            refuse("date", "no invoice date: give --date YYYY-MM-DD")
        }

        let currency = (fields.currency ?? invoice?.currency ?? "").uppercased()
        if currency.isEmpty {
            refuse("price_currency", "no currency: give --currency (\(Limits.currencies.joined(separator: ", ")))")
        } else if !Limits.currencies.contains(currency) {
            refuse("price_currency", "\(currency) is not accepted by Ozon; it accepts \(Limits.currencies.joined(separator: ", "))")
        }

        var price = ""
        if let text = fields.price {
            if let value = DecimalText.parse(text), value >= 0 {
                let decimals = text.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
                if decimals > Limits.maximumPriceDecimals {
                    refuse("price", "\(text) has \(decimals) decimals; Ozon accepts at most \(Limits.maximumPriceDecimals)")
                }
                price = DecimalText.format(value, scale: decimals)
            } else {
                refuse("price", "'\(text)' is not a price (digits with at most one '.', not negative)")
            }
        } else if let invoice {
            let calculation = invoice.calculate()
            let total = invoice.totals?.amountWithVat ?? calculation.amountWithVat
            if calculation.minorUnits > Limits.maximumPriceDecimals,
               DecimalText.rounded(total, scale: Limits.maximumPriceDecimals) != total {
                refuse("price", "the total \(DecimalText.canonical(total)) \(invoice.currency) has more than "
                    + "\(Limits.maximumPriceDecimals) decimals; Ozon accepts at most \(Limits.maximumPriceDecimals)")
            }
            price = DecimalText.format(total, scale: min(calculation.minorUnits, Limits.maximumPriceDecimals))
        } else {
            refuse("price", "no price: give --price (the invoice total)")
        }

        var hsCodes = fields.hsCodes ?? []
        if fields.hsCodes == nil, let invoice {
            for (index, line) in invoice.lines.enumerated() {
                let sku = line.sku?.trimmingCharacters(in: .whitespaces) ?? ""
                let code = HSCode.normalize(line.hsCode ?? "")
                if sku.isEmpty { refuse("hs_codes", "lines[\(index)] has no Ozon SKU; give --hs CODE=SKU for every item") }
                if code.isEmpty { refuse("hs_codes", "lines[\(index)] has no HS code; give --hs CODE=SKU for every item") }
                if !sku.isEmpty && !code.isEmpty { hsCodes.append(HSCodeItem(code: code, sku: sku)) }
            }
        }
        var codeOfSKU: [String: String] = [:]
        var unique: [HSCodeItem] = []
        for item in hsCodes {
            let code = HSCode.normalize(item.code)
            if code.isEmpty || !code.allSatisfy(\.isASCIIDigit) || ![6, 8, 10].contains(code.count) {
                refuse("hs_codes", "'\(item.code)' for SKU \(item.sku) is not an HS code of 6, 8 or 10 digits")
            }
            if let known = codeOfSKU[item.sku] {
                if known != code { refuse("hs_codes", "SKU \(item.sku) has two HS codes, \(known) and \(code)") }
                continue
            }
            codeOfSKU[item.sku] = code
            unique.append(HSCodeItem(code: code, sku: item.sku))
        }
        if unique.isEmpty && !problems.contains(where: { $0.field == "hs_codes" }) {
            refuse("hs_codes", "no HS codes: give --hs CODE=SKU for every item")
        }

        let url = fields.url ?? Self.placeholderURL
        if !Self.isWebURL(url) { refuse("url", "'\(url)' is not an http(s) URL") }

        guard problems.isEmpty, let date else { throw OzonPayloadRefusal(source: source, problems: problems) }
        self.postingNumber = posting
        self.file = file
        self.date = date
        self.number = number
        self.price = price
        self.priceCurrency = currency
        self.hsCodes = unique
        self.url = url
    }

    private static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
        return ["http", "https"].contains(scheme) && !(url.host ?? "").isEmpty
    }

    /// The body of `POST /v1/invoice/file/upload`.
    public var uploadBody: JSONText {
        .object([("base64_content", .string(file.base64EncodedString())), ("posting_number", .string(postingNumber))])
    }

    /// The body of `POST /v2/invoice/create-or-update`. `date` is the invoice date at
    /// 00:00 UTC, the date-time form the API takes.
    public var createOrUpdateBody: JSONText {
        .object([
            ("posting_number", .string(postingNumber)),
            ("date", .string("\(date)T00:00:00Z")),
            ("number", .string(number)),
            ("price", .number(price)),
            ("price_currency", .string(priceCurrency)),
            ("hs_codes", .array(hsCodes.map { .object([("code", .string($0.code)), ("sku", .string($0.sku))]) })),
            ("url", .string(url)),
        ])
    }

    /// Both bodies, keyed by endpoint.
    public var bodies: JSONText {
        .object([("/v1/invoice/file/upload", uploadBody), ("/v2/invoice/create-or-update", createOrUpdateBody)])
    }
}

/// What Ozon would refuse in a payload, every problem at once.
public struct OzonPayloadRefusal: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    public struct Problem: Sendable, Hashable {
        /// The Ozon field (`price`, `hs_codes`, ...).
        public var field: String
        public var message: String

        package init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var source: String
    public var problems: [Problem]

    package init(source: String, problems: [Problem]) {
        self.source = source
        self.problems = problems
    }

    public var description: String {
        "\(source): Ozon would refuse this invoice:\n" + problems.map { "  \($0.field): \($0.message)" }.joined(separator: "\n")
    }

    public var errorDescription: String? { description }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
