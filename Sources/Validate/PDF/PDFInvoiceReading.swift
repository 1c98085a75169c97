public import Foundation
public import InvoiceModel
public import FakturaXML
package import Findings
public import PDFReading

/// What a PDF says about its invoice: the embedded `invoice.xml` when a Faktura PDF carries
/// one, else facts found in its text (tax ids, HS codes, amounts, VAT rates, posting numbers).
/// The audit compares these with the order; the validator reports the fields that are absent.
public struct PDFInvoiceReading: Sendable {
    /// The name of the embedded file a Faktura PDF carries (docs/rendering.md).
    public static let embeddedFileName = PDFReadout.embeddedFileName

    /// The facts the marketplace needs to see on an invoice (docs/validation.md `ATTACHMENT_FIELDS_MISSING`).
    public enum Field: String, CaseIterable, Sendable {
        case taxId, hsCodes, vatBreakdown, total
    }

    public enum Origin: String, Sendable {
        /// From the embedded `invoice.xml`, exact.
        case embeddedXML
        /// Searched in the PDF's text, best effort.
        case text
    }

    public var origin: Origin
    /// The invoice decoded from the embedded `invoice.xml`.
    public var embeddedInvoice: Invoice?
    /// The embedded `invoice.xml` byte for byte, when ``embeddedInvoice`` was decoded from it.
    public var embeddedXML: Data?
    /// Why an embedded `invoice.xml` could not be decoded (the facts then come from the text).
    public var embeddedInvoiceError: XMLError?
    /// Identifiers that validate under their scheme (compact form).
    public var taxIds: [TaxID]
    /// Customs codes, digits only, in order of appearance, without repeats.
    public var hsCodes: [String]
    /// Every amount with two decimals found in the text (`24 691,34`, `24691.34`, `24,691.34`).
    public var amounts: [Decimal]
    /// Amounts on lines labelled as totals (Итого, Всего к оплате, Total, 合计).
    public var totals: [Decimal]
    /// VAT totals read by a VAT label outside the goods table (``InvoiceTextScan/vatTotals``).
    public var vatTotals: [Decimal] = []
    /// Whether the invoice shows VAT with a rate (or "без НДС").
    public var hasVATBreakdown: Bool
    /// VAT rates found (`22%`, `22/122`, `none`).
    public var vatRates: [VATRate]
    /// Ozon posting numbers (`0123456789-0001-1`).
    public var postingNumbers: [String]
    /// Ozon order numbers (`0123456789-0001`), not counting the prefixes of posting numbers.
    public var orderNumbers: [String]
    /// Identifiers printed by a tax-id label in the shape of a USCC or an INN that fail their check.
    public var invalidTaxIds: [TaxID] = []
    /// The first date the text shows (the invoice's date; nil when none was read).
    public var date: LocalDate?
    /// The extracted text (nil when the facts come from the embedded invoice).
    public var text: String?
    /// The rows of the goods table, each value from its column (empty when no table header was found).
    public var tableRows: [InvoiceTableRow] = []
    /// Whether some page was read by OCR (an image-only page).
    public var fromOCR = false
    /// The lowest OCR confidence (percent) of the words the table rows and totals came from.
    public var lowestConfidence: Float?
    /// Image-only pages left unread (beyond the OCR page budget).
    public var pagesNotRead = 0
    /// Pages chosen for OCR and not read, each with why (an image over the pixel budget names
    /// the page, the image and the size it claims).
    public var ocrRefusals: [String] = []

    /// The largest total: with VAT, when the total line shows without / VAT / with.
    public var total: Decimal? { totals.max() }

    /// The fields of ``Field`` that the PDF does not show.
    public var missingFields: [Field] {
        var missing: [Field] = []
        if taxIds.isEmpty { missing.append(.taxId) }
        if hsCodes.isEmpty { missing.append(.hsCodes) }
        if !hasVATBreakdown { missing.append(.vatBreakdown) }
        if totals.isEmpty { missing.append(.total) }
        return missing
    }

    /// Reads a PDF in this process, without a budget or OCR: its embedded `invoice.xml` when it
    /// decodes, else its pages' words. Only for PDFs Faktura has just rendered itself (tests);
    /// every other PDF goes through ``read(data:source:budget:)``.
    public static func read(_ pdf: PDFDocument) -> PDFInvoiceReading {
        var embeddedError: XMLError?
        if let xml = pdf.attachment(named: embeddedFileName) {
            do {
                var reading = PDFInvoiceReading(invoice: try InvoiceXML.decode(xml, source: "\(pdf.source) (\(embeddedFileName))"))
                reading.embeddedXML = xml
                return reading
            } catch {
                embeddedError = error
            }
        }
        var reading = PDFInvoiceReading(pages: pdf.pageTexts())
        reading.embeddedInvoiceError = embeddedError
        return reading
    }

    /// Reads an untrusted PDF in a separate reader process under `budget`: the embedded
    /// `invoice.xml` when it decodes, else the words of its pages (image-only pages by OCR).
    /// Throws ``PDFReadError/overBudget(_:limit:)`` when the PDF needs more time or memory
    /// than the budget allows (or crashes the reader), and the other cases when it cannot open.
    public static func read(data: Data, source: String, budget: PDFReadBudget = .standard) throws(PDFReadError) -> PDFInvoiceReading {
        guard PDFDocument.hasPDFHeader(data) else { throw .notPDF(source) }
        let pool = PDFReaderPool.shared
        var readout = try pool.read(data, mode: .embeddedOrText, source: source, budget: budget)
        var embeddedError: XMLError?
        if let xml = readout.embeddedXML {
            do {
                var reading = PDFInvoiceReading(invoice: try InvoiceXML.decode(xml, source: "\(source) (\(embeddedFileName))"))
                reading.embeddedXML = xml
                return reading
            } catch {
                embeddedError = error
            }
            readout = try pool.read(data, mode: .text, source: source, budget: budget)
        }
        var reading = PDFInvoiceReading(pages: readout.pages)
        if budget.maxOCRPages > 0, reading.tableRows.isEmpty && reading.totals.isEmpty, !readout.drawsNoImages,
           readout.pages.contains(where: { !$0.words.isEmpty && !$0.fromOCR }) {
            // Text that gives neither a table nor a total may be a poor OCR layer over a scan
            // (not when the reader knows no page draws an image: there is no scan to read).
            let again = try pool.read(data, mode: .ocrScannedPages, source: source, budget: budget)
            if again.pages.contains(where: \.fromOCR) {
                readout = again
                reading = PDFInvoiceReading(pages: readout.pages)
            }
        }
        reading.embeddedInvoiceError = embeddedError
        reading.pagesNotRead = readout.pagesNotRead
        reading.ocrRefusals = readout.ocrRefusals
        return reading
    }

    /// Reads the words of a PDF's pages (as a reader process or OCR gives them): lines from the
    /// words' positions, the goods table from its header's columns, the other facts from the lines.
    public init(pages: [PDFPageText]) {
        self.init(pages: pages, general: false)
    }

    /// ``init(pages:)``; `general` reads the lines by the general code the byte-level fast paths
    /// stand in for (`lowercased()`, the label search of each kind, the regular expressions, every
    /// scheme's check): the straightforward reading tests compare the fast one with.
    init(pages: [PDFPageText], general: Bool) {
        let linesByPage = pages.map(TextLine.lines(of:))
        // Each line lower-cased and searched for labels once, for the table reader and the scan.
        let loweredByPage = linesByPage.map { $0.map { general ? $0.text.lowercased() : TextCaseFolding.lowercased($0.text) } }
        let labelsByPage = loweredByPage.map { $0.map { general ? LineLabels(searching: $0) : LineLabels(lowercasedLine: $0) } }
        var table = InvoiceTableReader()
        table.general = general
        table.read(pages: linesByPage, labels: labelsByPage)
        var lines: [String] = []
        var tableLines = Set<Int>()
        var confidenceOfLine: [Float?] = []
        for (pageIndex, pageLines) in linesByPage.enumerated() {
            for (lineIndex, line) in pageLines.enumerated() {
                if table.tableLines.contains(InvoiceTableReader.LineRef(page: pageIndex, line: lineIndex)) {
                    tableLines.insert(lines.count)
                }
                lines.append(line.text)
                confidenceOfLine.append(pages[pageIndex].fromOCR ? line.confidence : nil)
            }
        }
        let labels = Array(labelsByPage.joined())
        let tableGivesHSCodes = table.rows.contains { $0.hsCode != nil }
        self.init(lines: lines, lowered: Array(loweredByPage.joined()), labels: labels, tableLines: tableLines,
                  tableGivesHSCodes: tableGivesHSCodes, general: general)
        text = linesByPage.map { $0.map(\.text).joined(separator: "\n") }.joined(separator: "\n\u{0C}")
        tableRows = table.rows
        fromOCR = pages.contains(where: \.fromOCR)
        if tableGivesHSCodes {
            var seen = Set<String>()
            hsCodes = tableRows.compactMap(\.hsCode).filter { seen.insert($0).inserted }
        }
        for rate in tableRows.compactMap(\.vatRate) where !vatRates.contains(rate) { vatRates.append(rate) }
        hasVATBreakdown = !vatRates.isEmpty
        if fromOCR {
            // The confidence of what the comparison uses: the table rows and the total lines.
            let totalLines = lines.indices.filter { labels[$0].contains(.total) }
            lowestConfidence = (tableRows.compactMap(\.confidence) + totalLines.compactMap { confidenceOfLine[$0] }).min()
        }
    }

    /// OCR word confidence (percent) below which a value read from a scan can only raise a
    /// warning, never a mismatch error.
    public static let lowConfidence: Float = 75

    /// `.warning` for a value OCR read below ``lowConfidence``, else `.error`.
    package func mismatchSeverity(confidence: Float?) -> Severity {
        guard fromOCR else { return .error }
        guard let confidence else { return .warning }
        return confidence < Self.lowConfidence ? .warning : .error
    }

    /// One finding for each page OCR was refused or failed on: a check that could not run.
    package var ocrRefusalFindings: [Finding] {
        ocrRefusals.map { Finding(code: .attachmentUnreadable, field: "invoice_file", message: $0) }
    }

    /// The info finding that says the fields came from OCR, and with what confidence.
    package var ocrFinding: Finding? {
        guard fromOCR else { return nil }
        let confidence = lowestConfidence.map { String(format: "%.0f%%", $0) } ?? "unknown"
        return Finding(code: .attachmentReadByOCR, severity: .info, field: "invoice_file",
                       message: "image-only page(s) read by OCR (Tesseract, rus+chi_sim+eng); lowest word confidence used \(confidence); values below \(Int(Self.lowConfidence))% can only raise warnings")
    }

    /// The facts of an invoice known exactly (a Faktura PDF's embedded data).
    public init(invoice: Invoice) {
        origin = .embeddedXML
        embeddedInvoice = invoice
        embeddedInvoiceError = nil
        let parties = [invoice.seller, invoice.buyer] + [invoice.shipper, invoice.consignee].compactMap { $0 }
        taxIds = parties.flatMap(\.taxIds)
        var seen = Set<String>()
        hsCodes = invoice.lines.compactMap { $0.hsCode.map(HSCode.normalize) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        let calculation = invoice.calculate()
        let total = invoice.totals?.amountWithVat ?? calculation.amountWithVat
        amounts = calculation.lines.map(\.amountWithVat) + [total]
        totals = [total]
        hasVATBreakdown = !invoice.lines.isEmpty
        vatRates = calculation.breakdown.map(\.rate)
        postingNumbers = invoice.order?.postingNumber.map { [$0] } ?? []
        orderNumbers = invoice.order?.orderNumber.map { [$0] } ?? []
        text = nil
    }

    /// Searches text (as extracted from a PDF) for the facts of an invoice.
    public init(text: String) {
        let lines = InvoiceTextScan.lines(of: text)
        let lowered = lines.map(TextCaseFolding.lowercased)
        self.init(lines: lines, lowered: lowered, labels: lowered.map(LineLabels.init(lowercasedLine:)), tableLines: [])
        self.text = text
    }

    private init(lines: [String], lowered: [String], labels: [LineLabels], tableLines: Set<Int>, tableGivesHSCodes: Bool = false,
                 general: Bool = false) {
        origin = .text
        embeddedInvoice = nil
        embeddedInvoiceError = nil
        text = nil
        var scan = InvoiceTextScan()
        scan.general = general
        scan.scan(lines: lines, lowered: lowered, labels: labels, tableLines: tableLines, tableGivesHSCodes: tableGivesHSCodes)
        taxIds = scan.taxIds
        hsCodes = scan.hsCodes
        amounts = scan.amounts
        totals = scan.totals
        vatTotals = scan.vatTotals
        hasVATBreakdown = !scan.vatRates.isEmpty
        vatRates = scan.vatRates
        postingNumbers = scan.postingNumbers
        orderNumbers = scan.orderNumbers
        invalidTaxIds = scan.invalidTaxIds
        date = scan.date
    }
}
