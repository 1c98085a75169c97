public import Foundation
public import InvoiceModel
public import FakturaXML
public import Findings
import UPD
public import PDFReading

/// Checks invoices against a profile's rules (docs/validation.md).
///
/// ```swift
/// let validator = InvoiceValidator()                       // profile chosen per invoice
/// let findings = validator.validate(invoice)               // [] when clean
/// let report = validator.validate(fileAt: url)             // JSON, XML or PDF
/// ```
public struct InvoiceValidator: Sendable {
    /// nil: chosen per invoice by the seller's country (``ValidationProfile/defaultProfile(for:)``).
    public let profile: ValidationProfile?
    public let hsTable: HSNomenclature?
    public let rates: VATRateTable
    /// What reading a PDF that Faktura did not render may cost (docs/third-party-pdfs.md).
    public var pdfBudget: PDFReadBudget = .standard
    private let fixedToday: LocalDate?
    /// Today in each seller zone, taken once when the validator is made so that thousands of
    /// invoices do not each ask the calendar.
    private let todayByZone: [String: LocalDate]

    /// - Parameters:
    ///   - profile: the rule set; nil chooses by the seller's country.
    ///   - hsTable: nomenclature for `HS_CODE_UNKNOWN`; without it that check is not made.
    ///   - rates: VAT rates by jurisdiction and date.
    ///   - today: the date "in the future" is judged against; nil = today in the seller's zone
    ///     (Asia/Shanghai for CN, Europe/Moscow for RU, ..., else UTC) at the time of creation.
    public init(profile: ValidationProfile? = nil, hsTable: HSNomenclature? = nil,
                rates: VATRateTable = .standard, today: LocalDate? = nil) {
        self.profile = profile
        self.hsTable = hsTable
        self.rates = rates
        self.fixedToday = today
        var byZone: [String: LocalDate] = [:]
        if today == nil {
            let now = Date()
            for zone in Set(SellerTimeZones.byCountry.values).union([SellerTimeZones.fallback]) {
                if let timeZone = TimeZone(identifier: zone) { byZone[zone] = LocalDate.today(in: timeZone, now: now) }
            }
        }
        self.todayByZone = byZone
    }

    /// Today as the seller sees it.
    public func today(for invoice: Invoice) -> LocalDate {
        if let fixedToday { return fixedToday }
        let zone = SellerTimeZones.zone(for: invoice.seller)
        return todayByZone[zone] ?? todayByZone[SellerTimeZones.fallback] ?? LocalDate.today(in: TimeZone(identifier: "UTC")!)
    }

    /// The profile an invoice is checked under.
    public func profile(for invoice: Invoice) -> ValidationProfile {
        profile ?? ValidationProfile.defaultProfile(for: invoice)
    }

    /// All findings for an invoice, in rule order; empty when it is clean.
    public func validate(_ invoice: Invoice) -> [Finding] {
        let profile = profile(for: invoice)
        let calculation = RuleContext.statesAmounts(invoice) ? invoice.calculate() : nil
        let context = RuleContext(invoice: invoice, profile: profile, calculation: calculation,
                                  today: today(for: invoice), hsTable: hsTable, rates: rates)
        var findings: [Finding] = []
        for rule in InvoiceRule.all where rule.applies(to: invoice, under: profile) {
            rule.check(context, &findings)
        }
        return findings
    }

    /// Reads and checks a file: invoice JSON, invoice XML or PDF (by content, then by extension).
    public func validate(fileAt url: URL) -> DocumentReport {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = (error as NSError).localizedDescription
            return DocumentReport(file: url.path, findings: [
                Finding(code: .schema, field: nil, key: "file.unreadable", ["englishDetail": .data(reason)]),
            ])
        }
        return validate(data: data, source: url.path)
    }

    /// Checks a document held in memory; `source` names it in the report (a path, or `-`).
    public func validate(data: Data, source: String) -> DocumentReport {
        DocumentReport(file: source, findings: findings(data: data, source: source))
    }

    private func findings(data: Data, source: String) -> [Finding] {
        switch DocumentKind.detect(data: data, source: source) {
        case .invoice(let format):
            do {
                return validate(try InvoiceInput.decode(data, as: format, source: source))
            } catch {
                switch error.reason {
                case .json(let error): return [DecodingFindings.finding(for: error)]
                case .xml(let error): return DecodingFindings.findings(for: error)
                }
            }
        case .upd:
            // The tax service's UPD: its schema and rules, then Faktura's rules on what it says.
            let result = UPDCheck.check(data, source: source)
            return result.findings + (result.invoice.map(validate) ?? [])
        case .pdf:
            return pdfFindings(data: data, source: source)
        case .notPDF:
            let error = PDFReadError.notPDF(source)
            return [Finding(error, message: error.reason)]
        case .unknown:
            return [Finding(code: .schema, key: "file.notInvoice")]
        }
    }

    /// Checks a PDF already read under ``pdfBudget`` (``PDFInvoiceReading/read(data:source:budget:)``),
    /// or the reason it could not be read, so that a caller who needs the reading too (the
    /// archive) reads the untrusted PDF once.
    public func validate(pdfReading: Result<PDFInvoiceReading, PDFReadError>, source: String) -> DocumentReport {
        DocumentReport(file: source, findings: pdfFindings(pdfReading))
    }

    private func pdfFindings(data: Data, source: String) -> [Finding] {
        pdfFindings(Result { () throws(PDFReadError) in try PDFInvoiceReading.read(data: data, source: source, budget: pdfBudget) })
    }

    private func pdfFindings(_ result: Result<PDFInvoiceReading, PDFReadError>) -> [Finding] {
        let reading: PDFInvoiceReading
        switch result {
        case .success(let read): reading = read
        case .failure(let error):
            return [Finding(error, message: error.reason)]
        }
        if let invoice = reading.embeddedInvoice {
            return validate(invoice)
        }
        var findings: [Finding] = []
        if let error = reading.embeddedInvoiceError {
            // The PDF claims to carry its data but the data is broken: report it as such.
            findings += DecodingFindings.findings(for: error).map { finding in
                var finding = finding
                finding.field = FieldPath.label(PDFInvoiceReading.embeddedFileName).appending(finding.field)
                return finding
            }
        } else {
            findings.append(Finding(code: .attachmentFieldsMissing, severity: .info, field: .label(PDFInvoiceReading.embeddedFileName),
                                    message: "the PDF embeds no invoice.xml; the fields read from its text were checked: tax ids' check digits, HS code format, VAT rates in force on its date, each table row's arithmetic, and the presence of tax id, HS codes, VAT breakdown and total"))
        }
        if let ocr = reading.ocrFinding { findings.append(ocr) }
        findings += reading.ocrRefusalFindings
        for missing in reading.missingFields {
            findings.append(Finding(code: .attachmentFieldsMissing, field: .key(missing.rawValue),
                                    key: "validate.pdfAbsent", ["what": .key("attachment.absent.\(missing.rawValue)")]))
        }
        findings += reading.ruleFindings(rates: rates)
        return findings
    }
}

/// Which time zone a seller's "today" is in, by country. Countries not listed use UTC.
enum SellerTimeZones {
    static let fallback = "UTC"
    static let byCountry: [String: String] = [
        "CN": "Asia/Shanghai", "RU": "Europe/Moscow", "HK": "Asia/Hong_Kong", "TR": "Europe/Istanbul",
        "KZ": "Asia/Almaty", "BY": "Europe/Minsk", "AM": "Asia/Yerevan", "KG": "Asia/Bishkek",
        "UZ": "Asia/Tashkent", "IN": "Asia/Kolkata", "KR": "Asia/Seoul", "JP": "Asia/Tokyo",
        "AE": "Asia/Dubai", "VN": "Asia/Ho_Chi_Minh", "TH": "Asia/Bangkok", "DE": "Europe/Berlin",
    ]

    /// The seller's zone: a Russian seller (``InvoiceModel/Party/isRussian``) is in Moscow, others by country.
    static func zone(for seller: Party) -> String {
        if seller.isRussian { return byCountry[RU.INN.country] ?? fallback }
        guard let country = seller.country else { return fallback }
        return byCountry[country] ?? byCountry[country.trimmingCharacters(in: .whitespaces).uppercased()] ?? fallback
    }
}

/// The kind of document a file holds, judged by its first bytes, then its extension.
enum DocumentKind {
    case invoice(InvoiceInput.Format), upd, pdf, notPDF, unknown

    private static let pdfMarker = Array("%PDF-".utf8)

    /// `json` for `a/b.JSON`; "" without one. (Plain Swift: this runs for every document.)
    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    static func detect(data: Data, source: String) -> DocumentKind {
        if data.starts(with: pdfMarker) { return .pdf }
        let ext = fileExtension(source)
        let format = InvoiceInput.format(of: data)
        // Readers accept `%PDF-` anywhere in the first kilobyte, but a JSON or XML document
        // that quotes it there (an audit's JUnit report naming a file "not a PDF (no %PDF-
        // header …)") is JSON or XML, not a damaged PDF — unless it is named `.pdf`.
        if PDFDocument.hasPDFHeader(data), ext == "pdf" || format == nil { return .pdf }
        if ext == "pdf" { return .notPDF }
        // Before the JSON/XML choice: a UPD in UTF-16 does not start with a byte `<`.
        if format != .json, UPDCheck.looksLikeUPD(data) { return .upd }
        if let format { return .invoice(format) }
        switch ext {
        case "json", "": return .invoice(.json)
        case "xml": return .invoice(.xml)
        default: return .unknown
        }
    }
}

/// Decoding errors as findings: a bad date is DATE_INVALID, a bad quantity QUANTITY_INVALID, ...,
/// anything else SCHEMA, with the JSON path or XML line as the field.
extension InvoiceInput.Failure {
    /// The failure as the findings `validate` reports for it (their texts in any language).
    public var findings: [Finding] {
        switch reason {
        case .json(let error): [DecodingFindings.finding(for: error)]
        case .xml(let error): DecodingFindings.findings(for: error)
        }
    }
}

enum DecodingFindings {
    /// Fields whose unreadable or missing value has its own code.
    static let codeByField: [String: FindingCode] = [
        "date": .dateInvalid, "quantity": .quantityInvalid, "price": .priceInvalid, "vatRate": .vatRateInvalid,
    ]

    static func finding(for error: InvoiceDecodingError) -> Finding {
        // A syntax fault or an unknown key is about the document, never about the field it names.
        let code: FindingCode = error.kind == .syntax || error.kind == .unknownKey
            ? .schema : (codeByField[error.fieldName] ?? .schema)
        let field = error.path.isEmpty ? nil : error.path
        guard let text = text(for: error.reason) else { return Finding(code: code, field: error.path.isEmpty ? nil : FieldPath(text: error.path), message: error.message) }
        return Finding(code: code, field: error.path.isEmpty ? nil : FieldPath(text: error.path), text: text)
    }

    /// The catalogue text of a JSON reading error (`json.*`), whose English is the error's
    /// own message; nil for a message without parts.
    static func text(for reason: InvoiceDecodingError.Reason) -> MessageText? {
        func expected(_ type: InvoiceDecodingError.Expected) -> MessageArgument { .key("json.expected.\(type.rawValue)") }
        switch reason {
        case let .notJSON(detail, line, column):
            return MessageText("json.notJSON", ["englishDetail": .data(detail), "line": .data(String(line)), "column": .data(String(column))])
        case .missing: return MessageText("json.missing")
        case .null(let type): return MessageText("json.null", ["expected": expected(type)])
        case .wrongType(let type): return MessageText("json.wrongType", ["expected": expected(type)])
        case .notDate(let value): return MessageText("json.notDate", ["value": .data(value)])
        case .notDecimal(let value): return MessageText("json.notDecimal", ["value": .data(value)])
        case .inexactNumber(let value): return MessageText("json.inexactNumber", ["value": .data(value)])
        case .notVATRate(let value): return MessageText("json.notVATRate", ["value": .data(value)])
        case .notSupply(let value): return MessageText("json.notSupply", ["value": .data(value)])
        case let .unknownKey(name, place, nearest):
            guard let nearest else { return MessageText("json.unknownKey", ["name": .data(name), "place": .data(place)]) }
            return MessageText("json.unknownKey.nearest", ["name": .data(name), "place": .data(place), "nearest": .data(nearest)])
        case .described: return nil
        }
    }

    static func findings(for error: XMLError) -> [Finding] {
        switch error {
        case let .malformed(_, line, message):
            return [Finding(code: .schema, field: .line(line), key: "xml.malformed", ["englishDetail": .data(message)])]
        case let .doctypeNotAllowed(_, line):
            return [Finding(code: .schema, field: .line(line), key: "xml.doctype")]
        case let .invalid(_, issues):
            if issues.isEmpty { return [Finding(code: .schema, key: "xml.notSchema")] }
            return issues.map { issue in
                let code = issue.element.flatMap { codeByField[$0] } ?? .schema
                return Finding(code: code, field: issue.line > 0 ? .line(issue.line) : nil, text: issue.text)
            }
        case let .content(_, line, element, message):
            return [Finding(code: codeByField[element] ?? .schema, field: .line(line),
                            text: XMLIssue(line: line, element: element, message: message).text)]
        case let .schemaInvalid(source, issues):
            return [Finding(code: .schema, key: "xml.schemaNotCompiled",
                            ["source": .data(source), "englishDetail": .data(issues.map(\.description).joined(separator: "; "))])]
        case let .unreadable(_, message):
            return [Finding(code: .schema, key: "xml.cannotRead", ["englishDetail": .data(message)])]
        case let .overBudget(_, line, limit, maximum, found):
            return [Finding(code: .schema, field: line > 0 ? .line(line) : nil, text: limit.refusal(maximum: maximum, found: found))]
        }
    }
}
