import InvoiceModel

/// The stable finding codes of docs/validation.md. The raw values are public API: scripts and
/// marketplaces match on them, so a code is never renamed.
public enum FindingCode: String, CaseIterable, Sendable, Codable {
    case schema = "SCHEMA"
    case numberFormat = "NUMBER_FORMAT"
    case dateInvalid = "DATE_INVALID"
    case currencyUnknown = "CURRENCY_UNKNOWN"
    case taxIdMissing = "TAX_ID_MISSING"
    case taxIdFormat = "TAX_ID_FORMAT"
    case taxIdChecksum = "TAX_ID_CHECKSUM"
    case hsCodeMissing = "HS_CODE_MISSING"
    case hsCodeFormat = "HS_CODE_FORMAT"
    case hsCodeUnknown = "HS_CODE_UNKNOWN"
    case countryUnknown = "COUNTRY_UNKNOWN"
    case customsDeclarationMissing = "CUSTOMS_DECLARATION_MISSING"
    case customsDeclarationFormat = "CUSTOMS_DECLARATION_FORMAT"
    case unitUnknown = "UNIT_UNKNOWN"
    case quantityInvalid = "QUANTITY_INVALID"
    case priceInvalid = "PRICE_INVALID"
    case vatRateInvalid = "VAT_RATE_INVALID"
    case vatAmountMismatch = "VAT_AMOUNT_MISMATCH"
    case totalMismatch = "TOTAL_MISMATCH"
    case rowMalformed = "ROW_MALFORMED"
    case duplicatePosting = "DUPLICATE_POSTING"
    case postingNumberFormat = "POSTING_NUMBER_FORMAT"
    case statusUnknown = "STATUS_UNKNOWN"
    case attachmentMissing = "ATTACHMENT_MISSING"
    case attachmentNotPDF = "ATTACHMENT_NOT_PDF"
    case attachmentUnreadable = "ATTACHMENT_UNREADABLE"
    case attachmentTooLarge = "ATTACHMENT_TOO_LARGE"
    case attachmentHashMismatch = "ATTACHMENT_HASH_MISMATCH"
    case attachmentDuplicate = "ATTACHMENT_DUPLICATE"
    case attachmentFieldsMissing = "ATTACHMENT_FIELDS_MISSING"
    case attachmentOrderMismatch = "ATTACHMENT_ORDER_MISMATCH"
    case attachmentTotalMismatch = "ATTACHMENT_TOTAL_MISMATCH"
    case attachmentHSMismatch = "ATTACHMENT_HS_MISMATCH"
    case attachmentReadByOCR = "ATTACHMENT_READ_BY_OCR"
    case archiveTampered = "ARCHIVE_TAMPERED"
    case archiveMissing = "ARCHIVE_MISSING"
    case archiveChainBroken = "ARCHIVE_CHAIN_BROKEN"
    case archiveTimestampInvalid = "ARCHIVE_TIMESTAMP_INVALID"
    case glyphMissing = "GLYPH_MISSING"
    case mailUnreadable = "MAIL_UNREADABLE"
    case mailTooComplex = "MAIL_TOO_COMPLEX"
    case mailMalformed = "MAIL_MALFORMED"
    case mailAttachmentBroken = "MAIL_ATTACHMENT_BROKEN"
    case mailDKIMFail = "MAIL_DKIM_FAIL"
    case mailExtractRefused = "MAIL_EXTRACT_REFUSED"
    case updSchema = "UPD_SCHEMA"
    case updRule = "UPD_RULE"
    case updFileName = "UPD_FILE_NAME"
    case traceabilityFormat = "TRACEABILITY_FORMAT"
    case markingCodeFormat = "MARKING_CODE_FORMAT"

    /// The code for a text such as `hs_code_format` or `HS_CODE_FORMAT` (case-insensitive;
    /// dashes allowed for underscores), as `faktura explain` accepts it.
    public init?(lenient text: String) {
        let wanted = text.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "-", with: "_")
        guard let code = FindingCode(rawValue: wanted) else { return nil }
        self = code
    }

    /// The severity a finding of this code has unless a rule says otherwise: error, but for the
    /// codes listed in ``defaultSeverities``.
    public var defaultSeverity: Severity { FindingCode.defaultSeverities[self] ?? .error }

    static let defaultSeverities: [FindingCode: Severity] = [
        .postingNumberFormat: .warning,
        .statusUnknown: .warning,
        .attachmentReadByOCR: .info,
        .glyphMissing: .warning,
        .mailMalformed: .warning,
        .mailDKIMFail: .warning,
    ]

    /// What the code means, the rule behind it and how to fix it, in English (`faktura explain CODE`).
    public var explanation: FindingExplanation { explanation(in: .english) }

    /// The explanation in `language` (messages/<language>.json, keys `code.<CODE>.meaning`,
    /// `.rule`, `.fix`).
    public func explanation(in language: Language) -> FindingExplanation {
        FindingExplanation(code: self, catalogue: MessageCatalogue.of(language))
    }
}

/// The documentation of one finding code, in one language.
public struct FindingExplanation: Sendable, Hashable {
    public let code: FindingCode
    public let language: Language
    /// What the finding says about the document.
    public let meaning: String
    /// The law, marketplace rule or Faktura rule it rests on.
    public let rule: String
    /// What to change so that the finding goes away.
    public let fix: String
    public let defaultSeverity: Severity
    private let headings: [String]

    init(code: FindingCode, catalogue: MessageCatalogue) {
        let key = "code.\(code.rawValue)"
        let arguments = FindingExplanation.arguments
        self.code = code
        self.language = catalogue.language
        self.meaning = catalogue.text("\(key).meaning", arguments)
        self.rule = catalogue.text("\(key).rule", arguments)
        self.fix = catalogue.text("\(key).fix", arguments)
        self.defaultSeverity = code.defaultSeverity
        self.headings = [
            catalogue.text("explain.heading", ["code": .data(code.rawValue),
                                                "severity": .key("severity.\(code.defaultSeverity.rawValue)")]),
            catalogue.text("explain.meaning"), catalogue.text("explain.rule"), catalogue.text("explain.fix"),
        ]
    }

    /// The values the explanations name: Ozon's limits, kept in `OzonLimits`, not in the catalogue.
    static let arguments: [String: MessageArgument] = [
        "maxLength": .data(String(OzonLimits.maximumNumberLength)),
        "currencies": .data(OzonLimits.currencyList),
    ]

    /// The text `faktura explain` prints.
    public var text: String {
        // A full-width colon (Chinese) carries its own space.
        func part(_ heading: String, _ body: String) -> String { heading.hasSuffix("：") ? heading + body : heading + " " + body }
        return """
        \(headings[0])

        \(part(headings[1], meaning))

        \(part(headings[2], rule))

        \(part(headings[3], fix))
        """
    }
}
