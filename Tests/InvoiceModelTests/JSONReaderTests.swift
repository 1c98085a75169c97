import Foundation
@testable import InvoiceModel
import Testing

@Suite("JSON reader")
struct JSONReaderTests {
    /// A small invoice; `%NAME%` and `%PRICE%` are replaced per test.
    static let template = """
    {
      "number": "INV-1", "date": "2026-11-27", "currency": "RUB",
      "seller": { "name": "Seller", "taxIds": [ { "scheme": "ru-inn", "value": "7707083893" } ] },
      "buyer": { "name": "Buyer" },
      "lines": [ { "name": "%NAME%", "quantity": 3, "price": %PRICE%, "vatRate": "22%" } ]
    }
    """

    static func invoice(name: String = "Item", price: String = "\"10.00\"") -> String {
        template.replacingOccurrences(of: "%NAME%", with: name).replacingOccurrences(of: "%PRICE%", with: price)
    }

    static func decode(_ json: String) -> Result<Invoice, InvoiceDecodingError> {
        decode(Data(json.utf8))
    }

    static func decode(_ data: Data) -> Result<Invoice, InvoiceDecodingError> {
        do { return .success(try InvoiceJSON.decode(data)) } catch { return .failure(error) }
    }

    static func decodeWithCodable(_ data: Data) -> Result<Invoice, InvoiceDecodingError> {
        do { return .success(try InvoiceJSON.decodeWithCodable(data)) } catch { return .failure(error) }
    }

    static func error(_ json: String) -> InvoiceDecodingError? {
        if case .failure(let error) = decode(json) { return error }
        return nil
    }

    static func error(_ data: Data) -> InvoiceDecodingError? {
        if case .failure(let error) = decode(data) { return error }
        return nil
    }

    // MARK: Strings

    @Test func decodesEveryEscapeAndSurrogatePairs() throws {
        let json = Self.invoice(name: #"q\" b\\ s\/ \b\f\n\r\t \u00e9 \u0416 \ud83d\ude00 \u0000"#)
        let invoice = try Self.decode(json).get()
        #expect(invoice.lines[0].name == "q\" b\\ s/ \u{8}\u{C}\n\r\t é Ж 😀 \u{0}")
    }

    @Test func keepsRawNonASCIIText() throws {
        let invoice = try Self.decode(Self.invoice(name: "深圳市 ООО «Пример» 😀")).get()
        #expect(invoice.lines[0].name == "深圳市 ООО «Пример» 😀")
    }

    @Test(arguments: [
        #"\ud83d"#,          // high surrogate alone
        #"\ud83dx"#,         // high surrogate followed by text
        #"\ud83d\u0041"#,    // high surrogate followed by a non-surrogate
        #"\ude00"#,          // low surrogate alone
        #"\x41"#,            // unknown escape
        #"\u12"#,            // short \u
        #"\u12G4"#,          // not hex
    ])
    func refusesBrokenEscapes(escape: String) {
        let error = Self.error(Self.invoice(name: escape))
        #expect(error?.kind == .syntax)
        #expect(error?.path == "")
    }

    @Test func refusesRawControlCharactersButAcceptsEscapedOnes() {
        #expect(Self.error(Self.invoice(name: "tab\there"))?.kind == .syntax)
        #expect(Self.error(Self.invoice(name: "line\nbreak"))?.kind == .syntax)
        #expect(Self.error(Self.invoice(name: #"tab\there"#)) == nil)
    }

    @Test(arguments: [
        [0xC3, 0x28],               // lead byte without continuation
        [0xC0, 0xAF],               // overlong "/"
        [0xE0, 0x80, 0xAF],         // overlong three-byte
        [0xED, 0xA0, 0x80],         // encoded surrogate
        [0xF4, 0x90, 0x80, 0x80],   // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],   // invalid lead
        [0x80],                     // lone continuation
        [0xE2, 0x82],               // truncated
    ] as [[UInt8]])
    func refusesInvalidUTF8(bytes: [UInt8]) throws {
        let parts = Self.invoice(name: "@").split(separator: "@", omittingEmptySubsequences: false)
        let data = Data(parts[0].utf8) + Data(bytes) + Data(parts[1].utf8)
        let error = try #require(Self.error(data))
        #expect(error.kind == .syntax)
        #expect(error.message.contains("UTF-8"))
        // Also in a key, where the fast path keeps bytes undecoded.
        let keyData = Data("{\"".utf8) + Data(bytes) + Data("\": 1}".utf8)
        #expect(Self.error(keyData)?.kind == .syntax)
    }

    @Test func acceptsALeadingByteOrderMark() throws {
        let plain = try Self.decode(Self.invoice()).get()
        let withBOM = try Self.decode(Data([0xEF, 0xBB, 0xBF]) + Data(Self.invoice().utf8)).get()
        #expect(withBOM == plain)
        // Only at the start, and only the UTF-8 one.
        #expect(Self.error(Data(" ".utf8) + Data([0xEF, 0xBB, 0xBF]) + Data(Self.invoice().utf8))?.kind == .syntax)
        #expect(Self.error(Data([0xFF, 0xFE]) + Data(Self.invoice().utf8))?.kind == .syntax)
    }

    // MARK: Document structure

    @Test func refusesTrailingGarbageButNotTrailingWhitespace() {
        #expect(Self.error(Self.invoice() + " \n\t\r ") == nil)
        for tail in [" x", "{}", ",", "]", " null", "\u{0}"] {
            let error = Self.error(Self.invoice() + tail)
            #expect(error?.kind == .syntax, "tail \(tail.debugDescription)")
            #expect(error?.message.contains("after the end") == true, "tail \(tail.debugDescription)")
        }
    }

    @Test(arguments: [
        "", "   ", "{", "{\"number\": }", "{\"number\" \"x\"}", "{\"a\": 1,}", "{\"a\": [1,]}", "{'a': 1}",
        "{\"a\": tru}", "{\"a\": nul}", "{\"a\": True}", "{a: 1}", "{\"a\": 1 \"b\": 2}", "{\"a\": \"open}",
        "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": -}", "{\"a\": .5}", "{\"a\": +1}", "{\"a\": 1e}", "{\"a\": 1e+}",
        "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": 0x10}", "/* c */ {}",
    ])
    func refusesMalformedJSON(json: String) {
        let error = Self.error(json)
        #expect(error?.kind == .syntax)
        #expect(error?.path == "")
        #expect(error?.message.hasPrefix("not valid JSON: ") == true)
    }

    @Test func syntaxErrorsNameLineAndColumn() throws {
        let error = try #require(Self.error("{\n  \"number\": \"1\",\n  \"date\": x\n}"))
        #expect(error.message.contains("line 3, column 11"), "\(error.message)")
    }

    @Test func deepNestingEndsQuicklyWithASyntaxError() {
        let clock = ContinuousClock()
        let start = clock.now
        for opener in ["[", "{\"a\":"] {
            let depth = 100_000
            let json = String(repeating: opener, count: depth)
            let error = Self.error(json)
            #expect(error?.kind == .syntax)
            #expect(error?.message.contains("nested deeper than 512") == true)
        }
        #expect(clock.now - start < .seconds(2))
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        // The invoice object is level 1, so an unknown field may nest 511 more levels.
        func invoice(extraDepth: Int) -> String {
            let extra = String(repeating: "[", count: extraDepth) + String(repeating: "]", count: extraDepth)
            return Self.invoice().replacingOccurrences(of: "\"number\"", with: "\"extra\": \(extra), \"number\"")
        }
        // Read to the end: what stops it then is the unknown key, not the depth.
        #expect(Self.error(invoice(extraDepth: 511))?.kind == .unknownKey)
        #expect(Self.error(invoice(extraDepth: 512))?.kind == .syntax)
    }

    @Test func duplicateKeysKeepTheFirstValueLikeJSONDecoder() throws {
        let json = Self.invoice().replacingOccurrences(of: #""number": "INV-1""#,
                                                       with: #""number": "FIRST", "number": "SECOND""#)
        let invoice = try Self.decode(json).get()
        #expect(invoice.number == "FIRST")
        #expect(try Self.decodeWithCodable(Data(json.utf8)).get().number == "FIRST")
    }

    @Test func escapedKeysMatchTheirDecodedName() throws {
        let json = Self.invoice().replacingOccurrences(of: #""number""#, with: #""n\u0075mber""#)
        #expect(try Self.decode(json).get().number == "INV-1")
    }

    // MARK: Numbers

    @Test(arguments: [
        ("12345.67", "12345.67"), ("0.1", "0.1"), ("0.2", "0.2"), ("-0", "0"), ("-0.0", "0"), ("10", "10"),
        ("1e2", "100"), ("1E2", "100"), ("1.5E-3", "0.0015"), ("-2.5e1", "-25"), ("125e-2", "1.25"), ("0e5", "0"),
        ("123456789012345678901234567890.12", "123456789012345678901234567890.12"),
    ])
    func numbersAreReadExactly(number: String, expected: String) throws {
        let invoice = try Self.decode(Self.invoice(price: number)).get()
        let price = invoice.lines[0].price
        #expect(price == DecimalText.parse(expected))
        #expect(DecimalText.canonical(price) == expected)
    }

    @Test func sumsOfDecimalNumbersAreExact() throws {
        let json = Self.invoice(price: "0.1").replacingOccurrences(of: #""vatRate": "22%""#,
                                                                     with: #""vatRate": "22%", "excise": 0.2"#)
        let line = try Self.decode(json).get().lines[0]
        #expect(line.price + line.excise! == DecimalText.parse("0.3"))
    }

    @Test(arguments: ["1e400", "1e-200", "1234567890123456789012345678901234567890", "0.0000000000000000000000000000000000000001"])
    func numbersThatCannotBeHeldExactlyAreRefusedWithAMessage(number: String) throws {
        let error = try #require(Self.error(Self.invoice(price: number)))
        #expect(error.kind == .invalidValue)
        #expect(error.path == "lines[0].price")
        #expect(error.message.contains(number))
        #expect(error.message.contains("as a string"))
    }

    // MARK: Same results as JSONDecoder + Codable

    /// Edits of the spec example that decode: leniency, defaults, nulls, unknown keys.
    static let validVariants: [(String, String)] = [
        (#""quantity": 2"#, #""quantity": "2""#),
        (#""quantity": 2"#, #""quantity": " 2.500 ""#),
        (#""quantity": 2"#, #""quantity": 2.5e0"#),
        (#""price": 12345.67"#, #""price": "12345.670""#),
        (#""price": 12345.67"#, #""price": 1.234567E4"#),
        (#""price": 12345.67"#, #""price": -0"#),
        (#""sku": "1234567890""#, #""sku": 1234567890"#),
        (#""sku": "1234567890""#, #""sku": 1e3"#),
        (#""sku": "1234567890""#, #""sku": 10.0"#),
        (#""sku": "1234567890""#, #""sku": -0"#),
        (#""sku": "1234567890""#, #""sku": 9223372036854775807"#),
        (#""sku": "1234567890""#, #""sku": null"#),
        (#""offerId": "RM13-BLK-128""#, #""offerId": 42"#),
        (#""vatRate": "22%""#, #""vatRate": 22"#),
        (#""vatRate": "22%""#, #""vatRate": 0"#),
        (#""vatRate": "22%""#, #""vatRate": 99.5"#),
        (#""vatRate": "22%""#, #""vatRate": "22/122""#),
        (#""vatRate": "22%""#, #""vatRate": "без НДС""#),
        (#""vatRate": "22%""#, #""vatRate": " 10 % ""#),
        (#""jurisdiction": "RU","#, ""),
        (#""jurisdiction": "RU","#, #""jurisdiction": null,"#),
        (#""pricesIncludeVat": true,"#, ""),
        (#""pricesIncludeVat": true,"#, #""pricesIncludeVat": null,"#),
        (#""shipper": null, "consignee": null,"#, #""shipper": { "name": "S", "taxIds": null }, "consignee": { "name": "C", "taxIds": [] },"#),
        (#""totals": null"#, #""totals": { "amountWithVat": "24691.34", "vatAmount": 4452.54, "amountWithoutVat": null }"#),
        (#""totals": null"#, #""totals": {}, "contract": { "number": "K-1", "date": null }, "shippingDocuments": []"#),
        (#""paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ],"#, ""),
        (#""paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ],"#, #""paymentDocuments": null,"#),
        (#""unit": { "code": "796", "name": "шт" }"#, #""unit": { "code": "796" }"#),
        (#""unit": { "code": "796", "name": "шт" }"#, #""unit": null"#),
        (#""name": "ООО «Пример»""#, #""name": "ООО \u00abПример\u00bb \ud83d\ude00""#),
        (#""number": "CN-2026-000123""#, #""number": "first", "number": "second""#),
        (#""order": {"#, #""order": null, "order": {"#),
    ]

    /// Edits that break the example: each must fail with the same kind and path (and, except
    /// for syntax errors, the same message) as JSONDecoder + Codable.
    static let brokenVariants: [(String, String)] = [
        (#""number": "CN-2026-000123", "#, ""),
        (#""number": "CN-2026-000123""#, #""number": null"#),
        (#""number": "CN-2026-000123""#, #""number": 123"#),
        (#""date": "2026-11-27""#, #""date": "2026-02-30""#),
        (#""date": "2026-11-27""#, #""date": "27.11.2026""#),
        (#""date": "2026-11-27""#, #""date": null"#),
        (#""date": "2026-11-27""#, #""date": 20261127"#),
        (#""date": "2026-11-27", "#, ""),
        (#""currency": "RUB", "#, ""),
        (#""currency": "RUB""#, #""currency": ["RUB"]"#),
        (#""jurisdiction": "RU""#, #""jurisdiction": 1"#),
        (#""pricesIncludeVat": true"#, #""pricesIncludeVat": "yes""#),
        (#""pricesIncludeVat": true"#, #""pricesIncludeVat": 1"#),
        (#""order": {"#, #""order": [], "x": {"#),
        (#""marketplace": "ozon""#, #""marketplace": 5"#),
        (#""seller":  {"#, #""seller": null, "x": {"#),
        (#""seller":  {"#, #""seller": "Shenzhen", "x": {"#),
        (#""name": "Shenzhen Example Technology Co., Ltd.", "#, ""),
        (#""localName": "深圳市示例科技有限公司""#, #""localName": false"#),
        (#""taxIds": [ { "scheme": "cn-uscc", "value": "91440300MA5G8K2P17" } ]"#, #""taxIds": {}"#),
        (#""taxIds": [ { "scheme": "cn-uscc", "value": "91440300MA5G8K2P17" } ]"#, #""taxIds": [null]"#),
        (#""taxIds": [ { "scheme": "cn-uscc", "value": "91440300MA5G8K2P17" } ]"#, #""taxIds": [1]"#),
        (#""taxIds": [ { "scheme": "cn-uscc", "value": "91440300MA5G8K2P17" } ]"#, #""taxIds": [ { "scheme": "cn-uscc" } ]"#),
        (#"{ "scheme": "ru-kpp", "value": "773601001" }"#, #"{ "scheme": "ru-kpp", "value": 773601001 }"#),
        (#""name": "ООО «Пример»", "#, ""),
        (#""shipper": null"#, #""shipper": {}"#),
        (#""consignee": null"#, #""consignee": 5"#),
        (#""paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ]"#, #""paymentDocuments": [ { "number": "123", "date": "2026-13-01" } ]"#),
        (#""paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ]"#, #""paymentDocuments": [ { "date": "2026-11-26" } ]"#),
        (#""paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ]"#, #""paymentDocuments": [ {"number": "1"}, null ]"#),
        (#""paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ]"#, #""paymentDocuments": "123""#),
        (#""paymentDocuments": [ { "number": "123", "date": "2026-11-26" } ]"#, #""shippingDocuments": [ { "number": 1 } ]"#),
        (#""totals": null"#, #""totals": null, "contract": { "number": "K", "date": 5 }"#),
        (#""lines": ["#, #""lines": null, "x": ["#),
        (#""lines": ["#, #""lines": {}, "x": ["#),
        (#""lines": ["#, #""x": ["#),
        (#""lines": ["#, #""lines": [null, "#),
        (#""lines": ["#, #""lines": ["line", "#),
        (#""quantity": 2"#, #""quantity": "two""#),
        (#""quantity": 2"#, #""quantity": "1,5""#),
        (#""quantity": 2"#, #""quantity": "1e2""#),
        (#""quantity": 2"#, #""quantity": null"#),
        (#""quantity": 2"#, #""quantity": true"#),
        (#""quantity": 2"#, #""quantity": [2]"#),
        (#""quantity": 2, "#, ""),
        (#""price": 12345.67"#, #""price": """#),
        (#""price": 12345.67, "#, ""),
        (#""vatRate": "22%""#, #""vatRate": "22/120""#),
        (#""vatRate": "22%""#, #""vatRate": "100%""#),
        (#""vatRate": "22%""#, #""vatRate": 100"#),
        (#""vatRate": "22%""#, #""vatRate": -1"#),
        (#""vatRate": "22%""#, #""vatRate": null"#),
        (#""vatRate": "22%""#, #""vatRate": true"#),
        (#""vatRate": "22%","#, ""),
        (#""sku": "1234567890""#, #""sku": 1.5"#),
        (#""sku": "1234567890""#, #""sku": true"#),
        (#""sku": "1234567890""#, #""sku": 9223372036854775808"#),
        (#""offerId": "RM13-BLK-128""#, #""offerId": []"#),
        (#""name": "Смартфон Redmi 13 128 ГБ""#, #""name": null"#),
        (#""hsCode": "8517130000""#, #""hsCode": 8517130000"#),
        (#""unit": { "code": "796", "name": "шт" }"#, #""unit": { "name": "шт" }"#),
        (#""unit": { "code": "796", "name": "шт" }"#, #""unit": "796""#),
        (#""excise": null"#, #""excise": "abc""#),
        (#""amountWithVat": null"#, #""amountWithVat": {}"#),
        (#""totals": null"#, #""totals": []"#),
        (#""totals": null"#, #""totals": { "vatAmount": "4452,54" }"#),
        // Several faults: the first in decoding order is reported.
        (#""number": "CN-2026-000123""#, #""number": 1, "currency": 2"#),
        (#""quantity": 2"#, #""quantity": "x", "price": "y""#),
        // Syntax: kind and (empty) path must agree.
        (#""totals": null"#, #""totals": nul"#),
        (#""date": "2026-11-27""#, "\"date\": \"2026-11-\t27\""),
        (#""number": "CN-2026-000123""#, #""number": "\ud800""#),
    ]

    static func variant(_ edit: (String, String)) -> String {
        let source = InvoiceJSONTests.specExample
        precondition(source.contains(edit.0), "edit target not in the example: \(edit.0)")
        guard let range = source.range(of: edit.0) else { return source }
        return source.replacingCharacters(in: range, with: edit.1)
    }

    @Test func validVariantsDecodeAsWithJSONDecoder() throws {
        for edit in [("", "")] + Self.validVariants {
            let data = Data((edit.0.isEmpty ? InvoiceJSONTests.specExample : Self.variant(edit)).utf8)
            let reference = try Self.decodeWithCodable(data).get()
            let decoded = Self.decode(data)
            #expect(try decoded.get() == reference, "edit \(edit.1)")
        }
    }

    @Test func canonicalJSONOfVariedInvoicesDecodesAsWithJSONDecoder() throws {
        for edit in Self.validVariants {
            let invoice = try Self.decodeWithCodable(Data(Self.variant(edit).utf8)).get()
            let canonical = InvoiceJSON.encode(invoice)
            #expect(try Self.decode(canonical).get() == Self.decodeWithCodable(canonical).get())
        }
    }

    @Test func brokenVariantsFailAsWithJSONDecoder() throws {
        for edit in Self.brokenVariants {
            let data = Data(Self.variant(edit).utf8)
            let reference = Self.decodeWithCodable(data)
            guard case .failure(let expected) = reference else {
                Issue.record("JSONDecoder accepted edit \(edit.1)")
                continue
            }
            let actual = try #require(Self.error(data), "new reader accepted edit \(edit.1)")
            #expect(actual.kind == expected.kind, "edit \(edit.1): \(actual) vs \(expected)")
            #expect(actual.path == expected.path, "edit \(edit.1): \(actual) vs \(expected)")
            if expected.kind != .syntax {
                #expect(actual.message == expected.message, "edit \(edit.1)")
            }
        }
    }

    /// Where the strict reader deliberately differs: Foundation's JSONDecoder accepts a trailing
    /// comma, which RFC 8259 does not allow.
    @Test func trailingCommasAreRefusedThoughJSONDecoderAcceptsThem() throws {
        let data = Data(Self.variant((#""totals": null"#, #""totals": null,"#)).utf8)
        #expect(throws: Never.self) { try Self.decodeWithCodable(data).get() }
        #expect(Self.error(data)?.kind == .syntax)
        #expect(Self.error(data)?.message.contains("expected a quoted key") == true)
    }

    @Test(arguments: ["[]", "null", "\"invoice\"", "42", "true", "{}"])
    func nonInvoiceDocumentsFailAsWithJSONDecoder(json: String) throws {
        let data = Data(json.utf8)
        guard case .failure(let expected) = Self.decodeWithCodable(data) else {
            Issue.record("JSONDecoder accepted \(json)")
            return
        }
        let actual = try #require(Self.error(data))
        #expect(actual == expected)
    }
}
