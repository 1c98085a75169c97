public import Foundation
import Findings
import InvoiceModel

/// Reads a JSON export: an array of order records, JSON Lines (one record per line), or
/// Ozon's posting list `{"result":{"postings":[...]}}` where each posting carries its
/// `products` and the ERP's `invoice` object (docs/audit.md).
///
/// Records are parsed one at a time, so memory stays flat for a long array. A record that
/// is not an order (wrong types, no posting number) becomes a ``MalformedRow``; in JSON
/// Lines a line with broken syntax does too, and reading goes on. In an array broken syntax
/// ends the file (there is no safe place to resume), reported as a malformed row at its line.
public struct JSONExportReader: ExportReader {
    private enum Mode {
        /// Inside an array of records; `enclosing` objects wrap it (`result`, the top level).
        case array(enclosing: Int, first: Bool)
        case lines
        case done
    }

    private var stream: JSONStream
    private var mode = Mode.done
    private var pending: [ExportItem] = []
    private let mapping: ExportMapping
    private var keys: MappingKeyTally

    public init(url: URL, mapping: ExportMapping = .identity) throws(ExportReadError) {
        try self.init(source: ExportInput(path: url.path).textSource(encoding: nil), mapping: mapping)
    }

    /// Reads UTF-8 JSON from `bytes`: the entry point for tests and fuzzing.
    public init(bytes: [UInt8], mapping: ExportMapping = .identity, name: String = "<bytes>") throws(ExportReadError) {
        try self.init(source: ChunkedFile(bytes: bytes, path: name), mapping: mapping)
    }

    init(source: ChunkedFile, mapping: ExportMapping) throws(ExportReadError) {
        stream = JSONStream(source: source)
        self.mapping = mapping
        keys = MappingKeyTally(mapping: mapping)
        try start()
    }

    public mutating func next() throws(ExportReadError) -> ExportItem? {
        while true {
            if !pending.isEmpty { return pending.removeFirst() }
            switch mode {
            case .done:
                if let misses = keys.misses {
                    keys = MappingKeyTally(mapping: .identity)
                    throw .unmatchedMappingKeys(file: stream.path, mapping: mapping.source, keys: misses)
                }
                return nil
            case let .array(enclosing, first):
                try nextInArray(enclosing: enclosing, first: first)
            case .lines:
                try nextLine()
            }
        }
    }

    // MARK: Shapes

    private mutating func start() throws(ExportReadError) {
        try stream.skipWhitespace()
        switch try stream.peek() {
        case nil:
            mode = .done
        case UInt8(ascii: "["):
            stream.advance()
            mode = .array(enclosing: 0, first: true)
        case UInt8(ascii: "{"):
            let line = stream.line
            do throws(ExportStreamFailure) {
                try topLevelObject(line: line)
            } catch {
                switch error {
                case .read(let failure): throw failure
                case let .syntax(line, message):
                    pending = [.malformed(MalformedRow(line: line, reason: MessageText("row.jsonSyntax", ["englishDetail": .data(message)])))]
                    try stream.skipLine()
                    mode = .lines
                }
            }
        default:
            mode = .lines
        }
    }

    /// The first object decides: `result.postings` or `postings` is Ozon's list; anything
    /// else is the first record of JSON Lines.
    private mutating func topLevelObject(line: Int) throws(ExportStreamFailure) {
        _ = try stream.consume(UInt8(ascii: "{"))
        var members: [(String, JSONText)] = []
        if try stream.consume(UInt8(ascii: "}")) {
            mode = .lines
            pending = JSONRecordConversion.items(from: .object(members), line: line, mapping: mapping, keys: &keys)
            return
        }
        while true {
            let key = try stream.key()
            if key == "postings", try stream.consume(UInt8(ascii: "[")) {
                mode = .array(enclosing: 1, first: true)
                return
            }
            if key == "result", try stream.consume(UInt8(ascii: "{")) {
                while !(try stream.consume(UInt8(ascii: "}"))) {
                    let inner = try stream.key()
                    if inner == "postings", try stream.consume(UInt8(ascii: "[")) {
                        mode = .array(enclosing: 2, first: true)
                        return
                    }
                    _ = try stream.parseValue()
                    _ = try stream.consume(UInt8(ascii: ","))
                }
                throw stream.syntax("\"result\" holds no \"postings\" array")
            }
            members.append((key, try stream.parseValue()))
            if try stream.consume(UInt8(ascii: ",")) { continue }
            if try stream.consume(UInt8(ascii: "}")) { break }
            throw stream.syntax("expected ',' or '}' in an object")
        }
        mode = .lines
        pending = JSONRecordConversion.items(from: .object(members), line: line, mapping: mapping, keys: &keys)
    }

    private mutating func nextInArray(enclosing: Int, first: Bool) throws(ExportReadError) {
        var line = stream.line
        do throws(ExportStreamFailure) {
            if try stream.consume(UInt8(ascii: "]")) {
                // Whatever follows the list in its enclosing objects (`has_next`, ...) is read and ignored.
                for _ in 0..<enclosing {
                    while !(try stream.consume(UInt8(ascii: "}"))) {
                        guard try stream.consume(UInt8(ascii: ",")) else { throw stream.syntax("expected ',' or '}'") }
                        _ = try stream.key()
                        _ = try stream.parseValue()
                    }
                }
                mode = .done
                return
            }
            if !first, !(try stream.consume(UInt8(ascii: ","))) {
                throw stream.syntax("expected ',' or ']' between records")
            }
            try stream.skipWS()
            line = stream.line
            let value = try stream.parseValue()
            mode = .array(enclosing: enclosing, first: false)
            pending = JSONRecordConversion.items(from: value, line: line, mapping: mapping, keys: &keys)
        } catch {
            switch error {
            case .read(let failure): throw failure
            case let .syntax(line, message):
                mode = .done
                pending = [.malformed(MalformedRow(
                    line: line, reason: MessageText("row.jsonSyntaxRest", ["englishDetail": .data(message)])))]
            }
        }
    }

    /// One JSON Lines record: the line is parsed on its own, so broken syntax costs that line only.
    private mutating func nextLine() throws(ExportReadError) {
        try stream.skipWhitespace()
        guard try stream.peek() != nil else { mode = .done; return }
        let line = stream.line
        var bytes: [UInt8] = []
        while let byte = try stream.peek(), byte != UInt8(ascii: "\n") {
            bytes.append(byte)
            stream.advance()
            if bytes.count > JSONStream.maxValueBytes {
                try stream.skipLine()
                pending = [.malformed(MalformedRow(line: line, reason: MessageText("row.lineTooLong", ["mib": .data(String(JSONStream.maxValueBytes >> 20))])))]
                return
            }
        }
        var lineStream = JSONStream(source: ChunkedFile(bytes: bytes, path: stream.path), line: line)
        do throws(ExportStreamFailure) {
            let value = try lineStream.parseValue()
            try lineStream.skipWS()
            if try lineStream.peekByte() != nil {
                throw lineStream.syntax("text after the record (JSON Lines holds one record per line)")
            }
            pending = JSONRecordConversion.items(from: value, line: line, mapping: mapping, keys: &keys)
        } catch {
            switch error {
            case .read(let failure): throw failure
            case .syntax(_, let message):
                pending = [.malformed(MalformedRow(line: line, reason: MessageText("row.jsonSyntax", ["englishDetail": .data(message)])))]
            }
        }
    }
}

/// Turns one JSON record (flat order row, or an Ozon posting with `products` and `invoice`)
/// into canonical rows.
enum JSONRecordConversion {
    /// Keys of an Ozon posting or product, with the canonical column they fill.
    static let ozonPostingKeys: [String: ExportColumn] = [
        "in_process_at": .orderDate,
    ]
    static let ozonProductKeys: [String: ExportColumn] = [
        "name": .productName, "price": .unitPrice, "currency_code": .currency,
    ]
    /// Keys of the ERP's `invoice` object (Ozon's `/v2/invoice/get` answer plus the local file).
    static let invoiceKeys: [String: ExportColumn] = [
        "number": .invoiceNumber, "date": .invoiceDate, "price": .invoiceTotal,
        "file": .invoiceFile, "sha256": .invoiceSHA256,
    ]

    /// The canonical rows of one record; the posting's and products' member names go to `keys`.
    static func items(from value: JSONText, line: Int, mapping: ExportMapping, keys: inout MappingKeyTally) -> [ExportItem] {
        guard case .object(let members) = value else {
            return [.malformed(MalformedRow(line: line, reason: MessageText("row.jsonNotObject", ["found": kind(value)])))]
        }
        var base = ExportRecord(line: line)
        var hsBySKU: [String: String] = [:]
        var products: [JSONText]?
        do throws(RecordProblem) {
            for (key, member) in members {
                switch key {
                case "products":
                    guard case .array(let list) = member else { throw RecordProblem(MessageText("row.mustBeArray", ["key": .data("products")])) }
                    products = list
                case "invoice":
                    if case .null = member { continue }
                    guard case .object(let invoiceMembers) = member else { throw RecordProblem(MessageText("row.mustBeObject", ["key": .data("invoice")])) }
                    try fillInvoice(invoiceMembers, into: &base, hsBySKU: &hsBySKU)
                default:
                    keys.saw(key)
                    guard let column = ozonPostingKeys[key] ?? mapping.column(forHeader: key) else { continue }
                    try set(column, member, key: key, in: &base)
                }
            }
        } catch {
            return [.malformed(MalformedRow(line: line, reason: error.message, postingNumber: nonEmpty(base[.postingNumber])))]
        }
        if base[.currency].isEmpty, let currency = invoiceCurrency(members) { base[.currency] = currency }
        guard let products, !products.isEmpty else {
            return [.record(base)]
        }
        var items: [ExportItem] = []
        for (index, product) in products.enumerated() {
            guard case .object(let productMembers) = product else {
                items.append(.malformed(MalformedRow(line: line, reason: MessageText("row.productNotObject", ["index": .data(String(index))]),
                                                     postingNumber: nonEmpty(base[.postingNumber]))))
                continue
            }
            var record = base
            do throws(RecordProblem) {
                for (key, member) in productMembers {
                    keys.saw(key)
                    // /v4/posting/fbs/list: `"price": {"amount": "1390.00", "currency": "RUB"}`.
                    if key == "price", case .object = member {
                        guard let amount = member["amount"]?.scalarText else {
                            throw RecordProblem(MessageText("row.priceWithoutAmount", ["key": .data("products[\(index)].price")]))
                        }
                        record[.unitPrice] = amount.trimmingCharacters(in: .whitespacesAndNewlines)
                        if record[.currency].isEmpty, let currency = member["currency"]?.scalarText { record[.currency] = currency }
                        continue
                    }
                    guard let column = ozonProductKeys[key] ?? mapping.column(forHeader: key) else { continue }
                    try set(column, member, key: "products[\(index)].\(key)", in: &record)
                }
            } catch {
                items.append(.malformed(MalformedRow(line: line, reason: error.message, postingNumber: nonEmpty(base[.postingNumber]))))
                continue
            }
            if record[.hsCode].isEmpty, let code = hsBySKU[record[.sku]] { record[.hsCode] = code }
            items.append(.record(record))
        }
        return items
    }

    private static func invoiceCurrency(_ members: [(String, JSONText)]) -> String? {
        guard let invoice = JSONText.object(members)["invoice"],
              let currency = invoice["price_currency"]?.scalarText, !currency.isEmpty else { return nil }
        return currency
    }

    private static func fillInvoice(_ members: [(String, JSONText)], into record: inout ExportRecord,
                                    hsBySKU: inout [String: String]) throws(RecordProblem) {
        for (key, member) in members {
            if key == "hs_codes" {
                guard case .array(let list) = member else { throw RecordProblem(MessageText("row.mustBeArray", ["key": .data("invoice.hs_codes")])) }
                for entry in list {
                    guard let code = entry["code"]?.scalarText, let sku = entry["sku"]?.scalarText else {
                        throw RecordProblem(MessageText("row.hsCodesEntry", ["key": .data("invoice.hs_codes")]))
                    }
                    hsBySKU[sku] = code
                }
                continue
            }
            guard let column = invoiceKeys[key] ?? ExportColumn(header: key) else { continue }
            try set(column, member, key: "invoice.\(key)", in: &record)
        }
    }

    private static func set(_ column: ExportColumn, _ value: JSONText, key: String,
                            in record: inout ExportRecord) throws(RecordProblem) {
        guard var text = value.scalarText else {
            throw RecordProblem(MessageText("row.notScalar", ["key": .data(key), "found": kind(value)]))
        }
        text = text.trimmedExportField
        record[column] = text
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}

/// What a JSON value is, in the reader's language ("a string", "an array").
func kind(_ value: JSONText) -> MessageArgument {
    switch value {
    case .string: .key("json.expected.string")
    case .number: .key("row.kind.number")
    case .bool: .key("json.expected.bool")
    case .null: .data("null")
    case .array: .key("json.expected.array")
    case .object: .key("json.expected.object")
    }
}

struct RecordProblem: Error {
    var message: MessageText
    init(_ message: MessageText) { self.message = message }
}
