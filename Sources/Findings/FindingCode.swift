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

    /// The code for a text such as `hs_code_format` or `HS_CODE_FORMAT` (case-insensitive;
    /// dashes allowed for underscores), as `faktura explain` accepts it.
    public init?(lenient text: String) {
        let wanted = text.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "-", with: "_")
        guard let code = FindingCode(rawValue: wanted) else { return nil }
        self = code
    }

    /// The severity a finding of this code has unless a rule says otherwise.
    public var defaultSeverity: Severity { explanation.defaultSeverity }

    /// What the code means, the rule behind it and how to fix it (`faktura explain CODE`).
    public var explanation: FindingExplanation { FindingExplanation.catalogue[self]! }
}

/// The documentation of one finding code.
public struct FindingExplanation: Sendable, Hashable {
    public let code: FindingCode
    /// What the finding says about the document.
    public let meaning: String
    /// The law, marketplace rule or Faktura rule it rests on.
    public let rule: String
    /// What to change so that the finding goes away.
    public let fix: String
    public let defaultSeverity: Severity

    /// The text `faktura explain` prints.
    public var text: String {
        """
        \(code.rawValue) (\(defaultSeverity.rawValue) by default)

        Meaning: \(meaning)

        Rule: \(rule)

        Fix: \(fix)
        """
    }
}

extension FindingExplanation {
    private static func entry(_ code: FindingCode, _ severity: Severity = .error,
                              meaning: String, rule: String, fix: String) -> (FindingCode, FindingExplanation) {
        (code, FindingExplanation(code: code, meaning: meaning, rule: rule, fix: fix, defaultSeverity: severity))
    }

    // The catalogue is data: one entry per code, checked complete by a test.
    static let catalogue: [FindingCode: FindingExplanation] = Dictionary(uniqueKeysWithValues: [
        entry(.schema,
              meaning: "The input could not be parsed (not JSON/XML, nested too deep, wrong types), or a field the invoice must have is missing. The field names it (a JSON path such as lines[2].quantity, or an XML line).",
              rule: "docs/invoice.md (canonical invoice JSON and its XML form with its XSD); Tax Code art. 169 p. 5 lists the fields a Russian invoice must carry.",
              fix: "Correct the syntax at the place named, or add the missing field. `faktura validate --rules` lists which fields each profile requires."),
        entry(.numberFormat,
              meaning: "The invoice number is empty, or Ozon would refuse it: longer than \(OzonLimits.maximumNumberLength) characters or containing characters other than letters, digits and the separators - / _ .",
              rule: "Tax Code art. 169 p. 5 sub. 1 (every invoice has a serial number); Ozon Seller API /v2/invoice/create-or-update: `number` is up to \(OzonLimits.maximumNumberLength) letters and digits.",
              fix: "Give the invoice a number of at most \(OzonLimits.maximumNumberLength) letters and digits (separators - / _ . are accepted)."),
        entry(.dateInvalid,
              meaning: "A date is missing, is not a real calendar date in the form YYYY-MM-DD, or the invoice is dated after today (judged in the seller's time zone).",
              rule: "Tax Code art. 169 p. 5 sub. 1 (date of issue); an invoice cannot be issued in the future.",
              fix: "Write the date as YYYY-MM-DD (2026-11-27) and use the real date of issue."),
        entry(.currencyUnknown,
              meaning: "The currency is not an ISO 4217 code, or (profile ozon-crossborder) it is one Ozon does not accept for invoices.",
              rule: "Tax Code art. 169 p. 5 sub. 6.1 and Decree 1137: currency name and OKV code (OKV = ISO 4217); Ozon accepts \(OzonLimits.currencyList).",
              fix: "Use a three-letter ISO 4217 code such as RUB, CNY or USD; for Ozon, one of \(OzonLimits.currencyList)."),
        entry(.taxIdMissing,
              meaning: "A party lacks an identifier it must carry: the seller's INN/KPP (Russian seller), the seller's home tax id (foreign seller), or the buyer's INN/KPP.",
              rule: "Tax Code art. 169 p. 5 sub. 2 (INN of seller and buyer; KPP for organisations, Decree 1137); Ozon cross-border rules: seller's registration number of its own country.",
              fix: "Add the identifier to the party's taxIds, e.g. {\"scheme\": \"ru-inn\", \"value\": \"7707083893\"} or {\"scheme\": \"cn-uscc\", ...}. A buyer who is a private person has no INN: leave it out (a warning remains)."),
        entry(.taxIdFormat,
              meaning: "An identifier has the wrong length or characters for its scheme (or names a scheme Faktura does not know).",
              rule: "Published formats: INN 10/12 digits, KPP 9 characters, OGRN 13, OGRNIP 15, USCC 18 (GB 32100-2015), and the others `faktura id` lists.",
              fix: "Copy the identifier from the registration certificate; check it with `faktura id VALUE`."),
        entry(.taxIdChecksum,
              meaning: "An identifier has the right shape but its check digit does not match: it is mistyped or invented.",
              rule: "Check-digit algorithms of each scheme (INN: weights mod 11 mod 10; USCC: GB 32100-2015 mod 31; ...).",
              fix: "Re-type the identifier from the original document; `faktura id VALUE` shows the expected check digit."),
        entry(.hsCodeMissing,
              meaning: "A line has no customs (HS / TN VED) code.",
              rule: "Ozon requires hs_codes for every SKU of a cross-border invoice; Tax Code art. 169 p. 5 sub. 15 asks for the TN VED EAEU code of goods.",
              fix: "Put the 6-, 8- or 10-digit code of the product in the line's hsCode."),
        entry(.hsCodeFormat,
              meaning: "The customs code is not 6, 8 or 10 digits (dots and spaces ignored), or its chapter is 00, 77 (reserved), 98 or 99.",
              rule: "Harmonized System: 6 digits worldwide, chapters 01-97 with 77 reserved; TN VED EAEU and China's tariff extend it to 10 digits.",
              fix: "Correct the code; look it up in the TN VED EAEU or the HS nomenclature."),
        entry(.hsCodeUnknown,
              meaning: "The first six digits of the customs code are not a subheading of the nomenclature table given with --hs-table.",
              rule: "HS nomenclature (e.g. HS 2022): only listed subheadings exist.",
              fix: "Find the code in the current nomenclature; check the table is the edition in force."),
        entry(.countryUnknown,
              meaning: "A country (a party's country or a line's origin) is not an ISO 3166 alpha-2 code.",
              rule: "Tax Code art. 169 p. 5 sub. 13: country of origin by OKSM (= ISO 3166 numeric).",
              fix: "Use the two-letter ISO 3166 code: CN, RU, TR, KZ, ..."),
        entry(.customsDeclarationMissing,
              meaning: "Imported goods (origin outside Russia and the EAEU) on a Russian invoice carry no customs declaration number.",
              rule: "Tax Code art. 169 p. 5 sub. 14: registration number of the customs declaration for goods whose country of origin is not Russia.",
              fix: "Add customsDeclaration (NNNNNNNN/DDMMYY/NNNNNNN) from the import declaration, or correct originCountry."),
        entry(.customsDeclarationFormat,
              meaning: "The customs declaration number is not NNNNNNNN/DDMMYY/NNNNNNN (optionally /NNN), or its date does not exist.",
              rule: "EAEU customs declaration numbering: office code / date / serial [/ item].",
              fix: "Copy the number exactly from the declaration, e.g. 10702070/271126/3123456."),
        entry(.unitUnknown,
              meaning: "The unit of measure is not an OKEI code Faktura knows.",
              rule: "Tax Code art. 169 p. 5 sub. 5 and Decree 1137: unit code by OKEI (OK 015-94).",
              fix: "Use the OKEI code: 796 pieces (шт), 166 kilogram, 006 metre, 112 litre, 778 package (упак)."),
        entry(.quantityInvalid,
              meaning: "The quantity is missing, not a number, zero or negative.",
              rule: "Tax Code art. 169 p. 5 sub. 6: quantity of goods supplied.",
              fix: "Give a positive decimal quantity (fractions such as 0.375 are allowed)."),
        entry(.priceInvalid,
              meaning: "The price is missing, not a number, or negative.",
              rule: "Tax Code art. 169 p. 5 sub. 7: price per unit.",
              fix: "Give the unit price as a plain decimal (\"12345.67\"); returns are invoiced with an adjustment invoice, not negative prices."),
        entry(.vatRateInvalid,
              meaning: "The VAT rate was not in force in the invoice's jurisdiction on the invoice date (e.g. 20% after 2025-12-31), or is not a rate at all. As a warning: the jurisdiction has no rate table, so the rate could not be checked.",
              rule: "Tax Code art. 164 with Federal Laws 303-FZ (20% from 2019) and 425-FZ (22% from 2026-01-01); the invoice date decides.",
              fix: "Use a rate in force on the invoice date: from 2026 22% (22/122), 10%, 0%, 5%/7% for simplified-tax payers, or none (без НДС)."),
        entry(.vatAmountMismatch,
              meaning: "A line's stated VAT differs from the computed one by more than one minor unit (or a line without VAT states a tax amount).",
              rule: "docs/invoice.md: VAT = amount × r / 100 (prices without VAT) or amountWithVat × r / (100 + r) (prices with VAT), rounded half-up per line.",
              fix: "Recompute the line's VAT, or leave vatAmount null so Faktura computes it. Check pricesIncludeVat."),
        entry(.totalMismatch,
              meaning: "A line amount or an invoice total differs from price × quantity or from the sum of the lines by more than one minor unit.",
              rule: "docs/invoice.md: line amount = price × quantity rounded half-up; totals are sums of the rounded line figures.",
              fix: "Recompute the figures, or leave them null so Faktura computes them. Check pricesIncludeVat."),
        entry(.rowMalformed,
              meaning: "A row of an ERP export could not be read (wrong number of columns, unreadable number or date). The field says which line.",
              rule: "docs/audit.md: every row of an export is accounted for.",
              fix: "Correct the row in the export, or map its columns with --mapping."),
        entry(.duplicatePosting,
              meaning: "One posting appears more than once in the export with conflicting data (different invoice, totals or status).",
              rule: "docs/audit.md: rows of one posting share the posting and invoice columns.",
              fix: "Remove the duplicate or make its posting-level columns agree."),
        entry(.postingNumberFormat, .warning,
              meaning: "The export's posting number has the shape of an Ozon order number (0123456789-0001), not of a posting number (0123456789-0001-1): the column taken as the posting may hold orders, and an order with several postings would then be audited as one.",
              rule: "docs/erp-exports.md: the posting is never guessed; ERPs and Ozon's report write the order (订单号, Номер заказа) beside the posting (发货号码, Номер отправления).",
              fix: "Map the export's posting column to posting_number and its order column to order_number (faktura audit --mappings --mapping NAME shows a preset's columns)."),
        entry(.statusUnknown, .warning,
              meaning: "A posting's status in the export is neither one of Ozon's posting statuses nor mapped by the mapping's `statuses` table. The message names the value. The posting is audited as needing an invoice, since it cannot be told that it needs none.",
              rule: "docs/erp-exports.md: a status value is never guessed; unpaid and cancelled postings are skipped only when the status says so.",
              fix: "Add the value to the mapping's `statuses` table (for example `已取消: cancelled`), or use a preset for your ERP (faktura audit --mappings)."),
        entry(.attachmentMissing,
              meaning: "An order that needs an invoice names no attachment, or the file it names is not there.",
              rule: "Ozon: postings in awaiting_approve / awaiting_packaging of cross-border sellers need an invoice (/v1/invoice/file/upload).",
              fix: "Attach the invoice PDF (e.g. `faktura render`) and record its path in invoice_file."),
        entry(.attachmentNotPDF,
              meaning: "The attachment is not a PDF (no %PDF- header).",
              rule: "Ozon accepts invoices as PDF (or JPEG); Faktura audits PDFs.",
              fix: "Export or render the invoice as PDF."),
        entry(.attachmentUnreadable,
              meaning: "The PDF could not be read: it is damaged (truncated, broken cross-reference table), encrypted, or reading it ran out of its budget of CPU time or memory (or crashed the PDF reader), as a crafted PDF does. Nothing in it was checked.",
              rule: "A marketplace or customs officer must be able to open the evidence; docs/validation.md: a check that could not run is itself a finding. docs/third-party-pdfs.md: the reading budget.",
              fix: "Re-create the PDF without a password (print it to a new PDF); check it with `qpdf --check FILE`."),
        entry(.attachmentTooLarge,
              meaning: "The attachment is larger than the marketplace accepts.",
              rule: "Ozon /v1/invoice/file/upload: at most 10 MB.",
              fix: "Re-render without embedded images or with compressed ones."),
        entry(.attachmentHashMismatch,
              meaning: "The SHA-256 recorded in the export differs from the file's: the file changed after it was recorded, or the wrong file is linked.",
              rule: "docs/audit.md: invoice_sha256 pins the attachment.",
              fix: "Link the file that was sent, or update the recorded hash if the change was intended."),
        entry(.attachmentDuplicate,
              meaning: "One file serves as the invoice of several postings.",
              rule: "Each posting needs its own invoice (posting_number is part of the upload).",
              fix: "Render one invoice per posting.", ),
        entry(.attachmentFieldsMissing,
              meaning: "The PDF shows no tax identifier, no HS codes, no VAT breakdown or no total.",
              rule: "The invoice must carry the parties' tax ids, each item's HS code and the VAT breakdown (Tax Code art. 169).",
              fix: "Render the invoice with Faktura (`faktura render`), whose templates carry every field and embed invoice.xml."),
        entry(.attachmentOrderMismatch,
              meaning: "The PDF belongs to another posting or order.",
              rule: "The invoice is uploaded per posting_number.",
              fix: "Attach the invoice of this posting."),
        entry(.attachmentTotalMismatch,
              meaning: "The PDF's total differs from the order's.",
              rule: "Ozon /v2/invoice/create-or-update: price is the posting's amount.",
              fix: "Re-render the invoice from the current order data."),
        entry(.attachmentHSMismatch,
              meaning: "The PDF's HS code for a SKU differs from the one in the export.",
              rule: "Ozon hs_codes [{code, sku}] must agree with the invoice.",
              fix: "Correct the HS code in the ERP or re-render the invoice."),
        entry(.attachmentReadByOCR, .info,
              meaning: "The PDF has image-only (scanned) pages: its fields were read by OCR, and the finding gives the lowest word confidence used. A value read with low confidence can only raise a warning, never a mismatch error.",
              rule: "docs/third-party-pdfs.md: scans are read with Tesseract (Russian, Chinese, English).",
              fix: "Nothing to fix; to have the invoice compared exactly, attach the PDF as exported rather than a scan of it."),
        entry(.archiveTampered,
              meaning: "A stored file's content no longer matches its SHA-256.",
              rule: "docs/archive.md: the archive stores content by hash.",
              fix: "Restore the file from a backup; the evidence has been altered."),
        entry(.archiveMissing,
              meaning: "A file the archive index lists is gone.",
              rule: "docs/archive.md: every entry's files are kept.",
              fix: "Restore the file from a backup."),
        entry(.archiveChainBroken,
              meaning: "An archive entry was changed or removed: the hash chain does not link up.",
              rule: "docs/archive.md: every entry is chained to the previous one's hash.",
              fix: "Restore the archive index from a backup; compare with the head hash kept elsewhere."),
        entry(.archiveTimestampInvalid,
              meaning: "An RFC 3161 time-stamp token stored in the archive does not prove what it names: it cannot be read, covers another head, the head it names is no longer in the chain, or its signature or TSA certificate does not verify against the configured CA (another CA, an expired certificate).",
              rule: "docs/archive.md: time-stamp tokens over the chain head (RFC 3161).",
              fix: "Check --tsa-ca names the CA of the authority that issued the tokens; a token over a head no longer in the chain means the chain was rewritten after it: restore the index from a backup."),
        entry(.glyphMissing, .warning,
              meaning: "A character of the invoice (named by its code point, e.g. U+1F680, and its field) is in none of the fonts Faktura embeds: the PDF would show an empty box in its place and lose it from its text.",
              rule: "A printed invoice must carry its data legibly (Tax Code art. 169 p. 5); Faktura draws DejaVu Sans, WenQuanYi Micro Hei and HanaMin A/B, which cover Latin, Cyrillic, Greek, common symbols and CJK ideographs up to Extension F.",
              fix: "Replace the character with one the fonts have (a letter for a pictogram, a common ideograph for a variant), or remove it."),
        entry(.mailUnreadable,
              meaning: "A mail message could not be read at all: no header block, nothing a MIME parser recognises as a message. The field names the mailbox file (and the message's number in an mbox).",
              rule: "docs/mail.md: every message of a mailbox is accounted for; RFC 5322 (message format).",
              fix: "Open the message in a mail client; export it again from the mailbox (as .eml or mbox) if the file was damaged in transit."),
        entry(.mailTooComplex,
              meaning: "A mail message exceeds a reading limit (total size, header size, MIME nesting depth or number of parts), so it was not read further. Marketplace order mails are far below these limits; such a message is broken or hostile.",
              rule: "docs/mail.md: limits per message (40 MB, 1 MB of headers, 32 levels, 2,000 parts) keep a scan's time and memory bounded.",
              fix: "Check the message by hand; if it is a real order mail, save its PDF attachment from a mail client and give it to `faktura archive add`."),
        entry(.mailMalformed, .warning,
              meaning: "The MIME parser repaired the message while reading it: a multipart boundary that never closes, a truncated message, a part without headers. What could be read was used.",
              rule: "RFC 2045 and RFC 2046 (MIME structure); docs/mail.md.",
              fix: "Usually nothing: check that the PDFs listed for the message are complete (they are verified separately)."),
        entry(.mailAttachmentBroken,
              meaning: "A PDF attachment of a message is damaged: its base64 is broken, it does not start with %PDF-, it is truncated (no %%EOF) or the PDF reader cannot open it. It is listed, but it makes no posting recoverable.",
              rule: "docs/mail.md: only a readable PDF that names the posting can stand in for a lost invoice.",
              fix: "Look for another copy of the mail (the marketplace's personal account, a forwarded copy), or ask the marketplace to send the invoice again."),
        entry(.mailDKIMFail, .warning,
              meaning: "A message carries a DKIM signature that does not verify against the key given: its headers or body changed after the sender signed it.",
              rule: "RFC 6376 (DKIM); docs/mail.md: a passing signature is the evidence that the sender sent exactly this message.",
              fix: "Use the original message as received (not a forwarded or re-saved copy); check that --dkim-keys holds the sender's current key."),
        entry(.mailExtractRefused,
              meaning: "A PDF from the mail was not written or not archived: DIR/<posting>.pdf already exists with other content (Faktura never overwrites a file), the folder cannot be written, or the evidence store refused the entry (the message says which).",
              rule: "docs/mail.md: extraction never overwrites and never uses an attachment's own name as a path.",
              fix: "Compare the two files and move the existing one away if the mail's PDF is the right invoice; for the archive, check the store with `faktura archive verify`. Then scan again."),
    ])
}
