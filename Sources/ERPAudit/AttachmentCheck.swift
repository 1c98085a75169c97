import Foundation
import Crypto
import InvoiceModel
import Findings
import PDFReading
import Validate

/// The checks of one posting's invoice attachment (docs/validation.md, docs/audit.md): named, inside the folder,
/// there, a PDF, readable, within the marketplace's size limit, matching its recorded hash,
/// and agreeing with the order (posting, total, HS codes per SKU, tax ids, VAT rates).
struct AttachmentCheck: Sendable {
    /// Ozon's upload limit (`/v1/invoice/file/upload`: at most 10 MB).
    static let maxBytes = OzonLimits.maximumFileBytes

    let folder: AttachmentFolder
    let validator: InvoiceValidator
    /// A posting whose export names no file has it as `<posting number>.pdf` (``ExportAudit/Options/pdfPerPosting``).
    var pdfPerPosting = false

    struct Outcome: Sendable {
        var findings: [Finding] = []
        /// Real path of the file, when it was found inside the folder.
        var resolvedPath: String?
        /// SHA-256 of the content (hex), when it was read.
        var sha256: String?
    }

    private static let field = ExportColumn.invoiceFile.rawValue

    func check(_ posting: ExportPosting, order: OrderChecks.Order) -> Outcome {
        var outcome = Outcome()
        var name = posting[.invoiceFile]
        if name.isEmpty, pdfPerPosting { name = "\(posting.postingNumber).pdf" }
        guard !name.isEmpty else {
            outcome.findings.append(Finding(code: .attachmentMissing, field: Self.field, key: "attachment.notNamed",
                                            ["posting": .data(posting.postingNumber),
                                             "status": posting.status.isEmpty ? .key("attachment.statusNotGiven") : .data(posting.status)]))
            return outcome
        }
        let path: String
        switch folder.resolve(name) {
        case .refused(let reason):
            outcome.findings.append(Finding(code: .attachmentMissing, field: Self.field, key: "attachment.refused",
                                            ["file": .data(name), "reason": .text(reason)]))
            return outcome
        case .missing(let reason):
            outcome.findings.append(Finding(code: .attachmentMissing, field: Self.field, key: "attachment.notInFolder",
                                            ["file": .data(name), "reason": .text(reason)]))
            return outcome
        case .inside(let real):
            path = real
        }
        outcome.resolvedPath = path
        // One open that checks what it opened: a link, FIFO or device swapped in after the
        // folder check is refused, never read (a FIFO would block, /dev/zero never ends).
        let data: Data
        do {
            data = try RegularFile.contents(atPath: path, maximumBytes: Int64(Self.maxBytes))
        } catch .notRegular(_, let kind) {
            outcome.findings.append(Finding(code: .attachmentNotPDF, field: Self.field,
                                            message: "'\(name)' is not a regular file (\(kind)); it is not read"))
            return outcome
        } catch .tooLarge(_, let size, _) {
            outcome.findings.append(Finding(code: .attachmentTooLarge, field: Self.field,
                                            key: "attachment.tooLarge", ["file": .data(name), "size": .data(Self.megabytes(Int(size)))]))
            return outcome
        } catch {
            outcome.findings.append(Finding(code: .attachmentUnreadable, field: Self.field,
                                            message: "'\(name)' cannot be read: \(error.reason)"))
            return outcome
        }
        let digest = DigestText.hex(SHA256.hash(data: data))
        outcome.sha256 = digest
        let recorded = posting[.invoiceSHA256].lowercased()
        if !recorded.isEmpty, recorded != digest {
            outcome.findings.append(Finding(code: .attachmentHashMismatch, field: ExportColumn.invoiceSHA256.rawValue,
                                            key: "attachment.hashMismatch",
                                            ["recorded": .data(recorded), "file": .data(name), "digest": .data(digest)]))
        }
        guard PDFDocument.hasPDFHeader(data) else {
            outcome.findings.append(Finding(code: .attachmentNotPDF, field: Self.field,
                                            key: "attachment.notPDF", ["file": .data(name)]))
            return outcome
        }
        guard PDFEndMarker.isPresent(in: data) else {
            outcome.findings.append(Finding(code: .attachmentUnreadable, field: Self.field,
                                            key: "attachment.truncated", ["file": .data(name)]))
            return outcome
        }
        let reading: PDFInvoiceReading
        do {
            reading = try PDFInvoiceReading.read(data: data, source: name, budget: validator.pdfBudget)
        } catch {
            outcome.findings.append(Finding(error, field: Self.field, message: error.description))
            return outcome
        }
        if let invoice = reading.embeddedInvoice {
            outcome.findings += compare(invoice: invoice, posting: posting, order: order)
        } else {
            outcome.findings += compare(text: reading, posting: posting, order: order)
        }
        return outcome
    }

    // MARK: Faktura PDF: the embedded invoice, compared exactly

    private func compare(invoice: Invoice, posting: ExportPosting, order: OrderChecks.Order) -> [Finding] {
        var findings: [Finding] = []
        let pdfPosting = invoice.order?.postingNumber ?? ""
        if pdfPosting != posting.postingNumber {
            findings.append(Finding(code: .attachmentOrderMismatch, field: ExportColumn.postingNumber.rawValue,
                                    key: pdfPosting.isEmpty ? "attachment.noPosting" : "attachment.otherPosting",
                                    ["pdfPosting": .data(pdfPosting), "posting": .data(posting.postingNumber)]))
        }
        if let pdfOrder = invoice.order?.orderNumber, !posting[.orderNumber].isEmpty, pdfOrder != posting[.orderNumber] {
            findings.append(Finding(code: .attachmentOrderMismatch, field: ExportColumn.orderNumber.rawValue,
                                    key: "attachment.otherOrder", ["pdfOrder": .data(pdfOrder), "order": .data(posting[.orderNumber])]))
        }
        if !posting[.invoiceNumber].isEmpty, invoice.number != posting[.invoiceNumber] {
            findings.append(Finding(code: .attachmentOrderMismatch, field: ExportColumn.invoiceNumber.rawValue,
                                    key: "attachment.otherInvoice", ["pdfInvoice": .data(invoice.number), "invoice": .data(posting[.invoiceNumber])]))
        }
        if !posting[.currency].isEmpty, invoice.currency.uppercased() != posting[.currency].uppercased() {
            findings.append(Finding(code: .attachmentTotalMismatch, field: ExportColumn.currency.rawValue,
                                    key: "attachment.otherCurrency", ["pdfCurrency": .data(invoice.currency), "currency": .data(posting[.currency])]))
        }
        let calculation = invoice.calculate()
        let pdfTotal = invoice.totals?.amountWithVat ?? calculation.amountWithVat
        if let orderTotal = order.total {
            let scale = calculation.minorUnits
            if DecimalText.rounded(orderTotal, scale: scale) != DecimalText.rounded(pdfTotal, scale: scale) {
                findings.append(Finding(code: .attachmentTotalMismatch, field: totalField(posting),
                                        key: "attachment.totalMismatch",
                                        ["pdfTotal": .data(calculation.text(pdfTotal)), "orderTotal": .data(calculation.text(orderTotal))]))
            }
        }
        // Lines by SKU (or offer id): HS code and VAT rate.
        for row in posting.lines where !row.sku.isEmpty || !row.offerId.isEmpty {
            let match = invoice.lines.first { line in
                (!row.sku.isEmpty && line.sku == row.sku) || (!row.offerId.isEmpty && line.offerId == row.offerId)
            }
            guard let match else {
                findings.append(Finding(code: .attachmentOrderMismatch, field: "line \(row.line) sku",
                                        key: "attachment.noLineForSKU", ["sku": .data(row.sku.isEmpty ? row.offerId : row.sku)]))
                continue
            }
            if !row.hsCode.isEmpty {
                let pdfCode = match.hsCode.map(HSCode.normalize) ?? ""
                if pdfCode != HSCode.normalize(row.hsCode) {
                    findings.append(Finding(code: .attachmentHSMismatch, field: "line \(row.line) hs_code",
                                            key: "attachment.hsMismatch",
                                            ["sku": .data(row.sku), "pdfCode": pdfCode.isEmpty ? .key("attachment.none") : .data(pdfCode),
                                             "code": .data(HSCode.normalize(row.hsCode))]))
                }
            }
            if !row.vatRate.isEmpty, let rate = VATRate(text: row.vatRate), rate != match.vatRate {
                findings.append(Finding(code: .attachmentTotalMismatch, field: "line \(row.line) vat_rate",
                                        key: "attachment.vatMismatch",
                                        ["sku": .data(row.sku), "pdfRate": .data(match.vatRate.text), "rate": .data(rate.text)]))
            }
        }
        findings += compareTaxIDs(posting: posting, found: [invoice.seller, invoice.buyer].flatMap(\.taxIds))
        // The attachment must itself be a compliant invoice.
        findings += validator.validate(invoice).map { finding in
            var finding = finding
            finding.field = "invoice.xml" + (finding.field.map { " \($0)" } ?? "")
            return finding
        }
        return findings
    }

    // MARK: Other PDFs: facts searched in the text

    private func compare(text reading: PDFInvoiceReading, posting: ExportPosting, order: OrderChecks.Order) -> [Finding] {
        var findings: [Finding] = []
        if let error = reading.embeddedInvoiceError {
            findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning, field: "invoice.xml",
                                    message: "the embedded invoice.xml cannot be decoded (\(error)); the PDF's text was checked instead"))
        }
        if let ocr = reading.ocrFinding { findings.append(ocr) }
        findings += reading.ocrRefusalFindings
        if reading.pagesNotRead > 0 {
            findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning, field: Self.field,
                                    message: "\(reading.pagesNotRead) image-only page(s) beyond the OCR budget were not read"))
        }
        // What OCR may have misread is a warning, never an error (docs/third-party-pdfs.md).
        let mismatch = reading.mismatchSeverity(confidence: reading.lowestConfidence)
        for missing in reading.missingFields {
            findings.append(Finding(code: .attachmentFieldsMissing, severity: reading.fromOCR ? .warning : .error, field: missing.rawValue,
                                    message: "the PDF's \(reading.fromOCR ? "OCR text" : "text") shows \(missing.absenceText)"))
        }
        if !reading.postingNumbers.contains(posting.postingNumber) {
            if reading.postingNumbers.isEmpty {
                findings.append(Finding(code: .attachmentFieldsMissing, severity: reading.fromOCR ? .warning : .error,
                                        field: ExportColumn.postingNumber.rawValue,
                                        message: "the PDF's text does not show the posting number \(posting.postingNumber)"))
            } else {
                findings.append(Finding(code: .attachmentOrderMismatch, severity: mismatch, field: ExportColumn.postingNumber.rawValue,
                                        message: "the PDF names posting \(reading.postingNumbers.joined(separator: ", ")), not \(posting.postingNumber)"))
            }
        }
        if let orderTotal = order.total, !reading.totals.isEmpty {
            let wanted = DecimalText.rounded(orderTotal, scale: 2)
            let shown = (reading.totals + reading.amounts).map { DecimalText.rounded($0, scale: 2) }
            if !shown.contains(wanted) {
                let totals = reading.totals.map { DecimalText.format($0, scale: 2) }.joined(separator: ", ")
                findings.append(Finding(code: .attachmentTotalMismatch, severity: mismatch, field: totalField(posting),
                                        message: "the PDF's total is \(totals), the order's \(DecimalText.format(orderTotal, scale: 2))"))
            }
        }
        if !reading.tableRows.isEmpty {
            findings += compare(rows: reading, posting: posting)
        } else {
            if !reading.hsCodes.isEmpty {
                for row in posting.lines where !row.hsCode.isEmpty {
                    let code = HSCode.normalize(row.hsCode)
                    if !reading.hsCodes.contains(code) {
                        findings.append(Finding(code: .attachmentHSMismatch, severity: mismatch, field: "line \(row.line) hs_code",
                                                message: "SKU \(row.sku): the PDF's text does not show HS code \(code) (it shows \(reading.hsCodes.joined(separator: ", ")))"))
                    }
                }
            }
            if reading.hasVATBreakdown {
                for row in posting.lines where !row.vatRate.isEmpty {
                    guard let rate = VATRate(text: row.vatRate), !reading.vatRates.contains(rate) else { continue }
                    findings.append(Finding(code: .attachmentTotalMismatch, severity: mismatch, field: "line \(row.line) vat_rate",
                                            message: "the PDF's text shows VAT \(reading.vatRates.map(\.text).joined(separator: ", ")), the export \(rate.text)"))
                }
            }
        }
        if !reading.taxIds.isEmpty {
            findings += compareTaxIDs(posting: posting, found: reading.taxIds).map { finding in
                var finding = finding
                finding.severity = mismatch
                return finding
            }
        }
        return findings
    }

    /// The goods table row by row: each order line against the row it matches (by SKU, place,
    /// quantity and price), its HS code and VAT rate from their columns.
    private func compare(rows reading: PDFInvoiceReading, posting: ExportPosting) -> [Finding] {
        var findings: [Finding] = []
        let matched = InvoiceRowMatching.match(lines: posting.lines, rows: reading.tableRows)
        for (index, line) in posting.lines.enumerated() {
            let key = line.sku.isEmpty ? line.offerId : line.sku
            guard let row = matched[index] else {
                findings.append(Finding(code: .attachmentOrderMismatch, severity: reading.mismatchSeverity(confidence: reading.lowestConfidence),
                                        field: "line \(line.line) sku",
                                        message: "the PDF's goods table has no row for SKU \(key) (quantity \(line.quantity), price \(line.unitPrice))"))
                continue
            }
            let severity = reading.mismatchSeverity(confidence: row.confidence)
            let place = "SKU \(key) (table row \(row.index), page \(row.page + 1))"
            if !line.hsCode.isEmpty, let shown = row.hsCode, shown != HSCode.normalize(line.hsCode) {
                findings.append(Finding(code: .attachmentHSMismatch, severity: severity, field: "line \(line.line) hs_code",
                                        message: "\(place): the PDF gives HS code \(shown), the export \(HSCode.normalize(line.hsCode))"))
            }
            if !line.vatRate.isEmpty, let rate = VATRate(text: line.vatRate), let shown = row.vatRate, shown != rate {
                findings.append(Finding(code: .attachmentTotalMismatch, severity: severity, field: "line \(line.line) vat_rate",
                                        message: "\(place): the PDF applies VAT \(shown.text), the export \(rate.text)"))
            }
        }
        return findings
    }

    private func compareTaxIDs(posting: ExportPosting, found: [TaxID]) -> [Finding] {
        let shown = Set(found.map { Self.compact($0.value) })
        var findings: [Finding] = []
        for column in [ExportColumn.sellerTaxId, .buyerINN, .buyerKPP] where !posting[column].isEmpty {
            let value = Self.compact(posting[column])
            if !shown.contains(value) {
                findings.append(Finding(code: .attachmentOrderMismatch, field: column.rawValue,
                                        message: "the PDF does not carry the order's \(column.rawValue) \(posting[column])"))
            }
        }
        return findings
    }

    private func totalField(_ posting: ExportPosting) -> String {
        posting[.invoiceTotal].isEmpty ? "quantity x unit_price" : ExportColumn.invoiceTotal.rawValue
    }

    private static func compact(_ value: String) -> String {
        String(value.filter { !$0.isWhitespace && $0 != "-" && $0 != "." }).uppercased()
    }

    /// `%%EOF` within the last 1 KiB: a PDF cut off in transfer lacks it.
    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
