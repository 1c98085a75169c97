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
        /// The PDF names this posting as its own (``SharedAttachments``: not at fault for a copy).
        var namesPosting = false
    }

    private static let field = FieldPath.column(.invoiceFile)

    /// How a finding names an export line: by its SKU, else its offer id, else its line number
    /// (never an empty "SKU :").
    static func name(_ row: ExportLine) -> MessageArgument {
        if !row.sku.isEmpty { return .key("row.sku", ["sku": .data(row.sku)]) }
        if !row.offerId.isEmpty { return .key("row.offer", ["offer": .data(row.offerId)]) }
        return .key("row.line", ["line": .data(String(row.line))])
    }

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
            outcome.findings.append(Finding(code: .attachmentHashMismatch, field: .column(.invoiceSHA256),
                                            key: "attachment.hashMismatch",
                                            ["recorded": .data(recorded), "file": .data(name), "digest": .data(digest)]))
        }
        guard PDFDocument.hasPDFHeader(data) else {
            // Ozon takes PDF or JPEG (docs/legal-basis.md); a JPEG is refused here only because
            // nothing in it can be checked, which a report never passes as ok.
            let isJPEG = data.starts(with: [0xFF, 0xD8, 0xFF])
            outcome.findings.append(Finding(code: .attachmentNotPDF, field: Self.field,
                                            key: isJPEG ? "attachment.jpeg" : "attachment.notPDF", ["file": .data(name)]))
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
        outcome.namesPosting = reading.embeddedInvoice.map { $0.order?.postingNumber == posting.postingNumber }
            ?? reading.postingNumbers.contains(posting.postingNumber)
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
            findings.append(Finding(code: .attachmentOrderMismatch, field: .column(.postingNumber),
                                    key: pdfPosting.isEmpty ? "attachment.noPosting" : "attachment.otherPosting",
                                    ["pdfPosting": .data(pdfPosting), "posting": .data(posting.postingNumber)]))
        }
        if let pdfOrder = invoice.order?.orderNumber, !posting[.orderNumber].isEmpty, pdfOrder != posting[.orderNumber] {
            findings.append(Finding(code: .attachmentOrderMismatch, field: .column(.orderNumber),
                                    key: "attachment.otherOrder", ["pdfOrder": .data(pdfOrder), "order": .data(posting[.orderNumber])]))
        }
        if !posting[.invoiceNumber].isEmpty, invoice.number != posting[.invoiceNumber] {
            findings.append(Finding(code: .attachmentOrderMismatch, field: .column(.invoiceNumber),
                                    key: "attachment.otherInvoice", ["pdfInvoice": .data(invoice.number), "invoice": .data(posting[.invoiceNumber])]))
        }
        if !posting[.currency].isEmpty, invoice.currency.uppercased() != posting[.currency].uppercased() {
            findings.append(Finding(code: .attachmentTotalMismatch, field: .column(.currency),
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
                findings.append(Finding(code: .attachmentOrderMismatch, field: .line(row.line, .sku),
                                        key: "attachment.noLineForSKU", ["sku": .data(row.sku.isEmpty ? row.offerId : row.sku)]))
                continue
            }
            if !row.hsCode.isEmpty {
                let pdfCode = match.hsCode.map(HSCode.normalize) ?? ""
                if pdfCode != HSCode.normalize(row.hsCode) {
                    findings.append(Finding(code: .attachmentHSMismatch, field: .line(row.line, .hsCode),
                                            key: "attachment.hsMismatch",
                                            ["row": Self.name(row), "pdfCode": pdfCode.isEmpty ? .key("attachment.none") : .data(pdfCode),
                                             "code": .data(HSCode.normalize(row.hsCode))]))
                }
            }
            if !row.vatRate.isEmpty, let rate = VATRate(text: row.vatRate), rate != match.vatRate {
                findings.append(Finding(code: .attachmentTotalMismatch, field: .line(row.line, .vatRate),
                                        key: "attachment.vatMismatch",
                                        ["row": Self.name(row), "pdfRate": .data(match.vatRate.text), "rate": .data(rate.text)]))
            }
        }
        findings += compareTaxIDs(posting: posting, found: [invoice.seller, invoice.buyer].flatMap(\.taxIds))
        // The attachment must itself be a compliant invoice.
        findings += validator.validate(invoice).map { finding in
            var finding = finding
            finding.field = FieldPath.label("invoice.xml").appending(finding.field)
            return finding
        }
        return findings
    }

    // MARK: Other PDFs: facts searched in the text

    private func compare(text reading: PDFInvoiceReading, posting: ExportPosting, order: OrderChecks.Order) -> [Finding] {
        var findings: [Finding] = []
        if let error = reading.embeddedInvoiceError {
            findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning, field: "invoice.xml",
                                    key: "attachment.embeddedUndecodable", ["englishDetail": .data("\(error)")]))
        }
        if let ocr = reading.ocrFinding { findings.append(ocr) }
        findings += reading.ocrRefusalFindings
        if reading.pagesNotRead > 0 {
            findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning, field: Self.field,
                                    key: "attachment.ocrPagesNotRead", ["count": .data(String(reading.pagesNotRead))]))
        }
        // What OCR may have misread is a warning, never an error (docs/third-party-pdfs.md).
        let mismatch = reading.mismatchSeverity(confidence: reading.lowestConfidence)
        // Another tool's PDF: what the reader did not find may be there under words it does not
        // know, so an absence is a warning that names what was not found; an error needs the
        // PDF to show something else (docs/third-party-pdfs.md, "Evidence before an error").
        for missing in reading.missingFields {
            findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning, field: .key(missing.rawValue),
                                    key: reading.fromOCR ? "attachment.absent.ocr" : "attachment.absent.text", ["what": .key("attachment.absent.\(missing.rawValue)")]))
        }
        if reading.tableRows.isEmpty && reading.totals.isEmpty && reading.postingNumbers.isEmpty {
            // Nothing of an invoice at all (a letter, a price list): that is evidence enough.
            findings.append(Finding(code: .attachmentFieldsMissing, severity: reading.fromOCR ? .warning : .error, field: Self.field,
                                    key: "attachment.notAnInvoice", ["posting": .data(posting.postingNumber)]))
        }
        if !reading.postingNumbers.contains(posting.postingNumber) {
            if reading.postingNumbers.isEmpty {
                findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning,
                                        field: .column(.postingNumber),
                                        key: "attachment.postingAbsent", ["posting": .data(posting.postingNumber)]))
            } else {
                findings.append(Finding(code: .attachmentOrderMismatch, severity: mismatch, field: .column(.postingNumber),
                                        key: "attachment.postingOther", ["shown": .data(reading.postingNumbers.joined(separator: ", ")), "posting": .data(posting.postingNumber)]))
            }
        }
        let whole = Self.tableReadWhole(reading)
        if let orderTotal = order.total {
            // The total is the figure on a line labelled as the total (Итого, Total due, 价税合计),
            // never some number elsewhere on the page.
            let wanted = DecimalText.rounded(orderTotal, scale: 2)
            let labelled = reading.totals.map { DecimalText.rounded($0, scale: 2) }
            if labelled.isEmpty {
                findings.append(Finding(code: .attachmentTotalMismatch, severity: .warning, field: totalField(posting),
                                        key: "attachment.totalUnread", ["total": .data(DecimalText.format(orderTotal, scale: 2))]))
            } else if !labelled.contains(wanted) {
                let totals = reading.totals.map { DecimalText.format($0, scale: 2) }.joined(separator: ", ")
                let values: [String: MessageArgument] = ["shown": .data(totals), "total": .data(DecimalText.format(orderTotal, scale: 2))]
                // Several labelled totals (a subtotal, the VAT's, the amount due): none of them is the order's.
                findings.append(reading.totals.count > 1
                    ? Finding(code: .attachmentTotalMismatch, severity: mismatch, field: totalField(posting), key: "attachment.totalsOther", values)
                    : Finding(code: .attachmentTotalMismatch, severity: mismatch, field: totalField(posting), key: "attachment.totalOther", values))
            }
        }
        // Each line's values parsed once (the VAT total, the matching, the evidence and each pair read them).
        let lineValues = posting.lines.map(InvoiceRowMatching.LineValues.init)
        findings += compareVATTotal(reading, posting: posting, values: lineValues, severity: mismatch)
        if !reading.tableRows.isEmpty {
            findings += compare(rows: reading, posting: posting, values: lineValues, order: order, whole: whole)
            // A table read without its HS column: the codes on the page stand for the rows'.
            if reading.tableRows.allSatisfy({ $0.hsCode == nil && $0.malformedHSCode == nil }) {
                findings += comparePageHSCodes(reading, posting: posting, severity: mismatch, unreadKey: "attachment.hsColumnUnread")
            }
        } else {
            // No goods table read: the labelled total short by exactly one line's amount still
            // names the line left out.
            let amounts = lineValues.map(\.amount)
            let totalEvidence = LineCountEvidence(orderTotal: order.total, labelledTotals: reading.totals)
            if let index = totalEvidence.onlyLineMissing(amounts: amounts), let pdfTotal = totalEvidence.totalWithout(amounts[index]) {
                let line = posting.lines[index]
                findings.append(Finding(code: .attachmentOrderMismatch, severity: mismatch, field: .line(line.line, .sku),
                                        key: "attachment.lineMissingByTotal",
                                        ["row": Self.name(line), "quantity": .data(line.quantity), "price": .data(line.unitPrice),
                                         "pdfTotal": .data(DecimalText.format(pdfTotal, scale: 2)),
                                         "orderTotal": .data(DecimalText.format(order.total ?? 0, scale: 2)),
                                         "amount": .data(DecimalText.format(amounts[index] ?? 0, scale: 2))]))
            } else {
                findings += quantityByTotal(posting: posting, values: lineValues, order: order, evidence: totalEvidence,
                                            candidates: Array(posting.lines.indices), severity: mismatch)
            }
            // HS codes found near their labels: which line each belongs to is not known.
            findings += comparePageHSCodes(reading, posting: posting, severity: mismatch, unreadKey: "attachment.hsNotShown")
            if reading.hasVATBreakdown {
                for row in posting.lines where !row.vatRate.isEmpty {
                    guard let rate = VATRate(text: row.vatRate), !reading.vatRates.contains(rate) else { continue }
                    findings.append(Finding(code: .attachmentTotalMismatch, severity: .warning, field: .line(row.line, .vatRate),
                                            key: "attachment.rateWithoutTable", ["shown": .data(reading.vatRates.map(\.text).joined(separator: ", ")), "rate": .data(rate.text)]))
                }
            }
        }
        findings += compareTaxIDs(posting: posting, found: reading.taxIds, severity: mismatch)
        return findings
    }

    /// The order's HS codes against the codes the page shows, where no table row shows its
    /// own: a code the page lacks is a warning (it may stand where the reader did not look),
    /// except where the page shows exactly one code that no line of the order has and lacks
    /// exactly one the order has. That code then stands for the lines of the missing one: the
    /// PDF gives another code than the export, an error (unless it starts the export's code: a
    /// code cut short, or the same goods at less detail). Numbers that are the order's SKUs or
    /// offer ids, the page's tax ids, or no HS code at all (a reserved chapter) are not codes.
    private func comparePageHSCodes(_ reading: PDFInvoiceReading, posting: ExportPosting, severity: Severity,
                                    unreadKey: String) -> [Finding] {
        guard !reading.hsCodes.isEmpty else { return [] }
        let lines = posting.lines.filter { !$0.hsCode.isEmpty }
        let orderCodes = Set(lines.map { HSCode.normalize($0.hsCode) })
        let notCodes = Set(posting.lines.flatMap { [$0.sku, $0.offerId] } + reading.taxIds.map(\.value))
        let shown = Set(reading.hsCodes.filter { !notCodes.contains($0) && (try? HSCode.parse($0)) != nil })
        let missing = orderCodes.subtracting(reading.hsCodes), others = shown.subtracting(orderCodes)
        var findings: [Finding] = []
        for line in lines {
            let code = HSCode.normalize(line.hsCode)
            guard missing.contains(code) else { continue }
            // A code that starts the export's is the export's cut short (its last digits wrapped
            // where the reader did not look), or the same goods at less detail: no contradiction.
            if missing.count == 1, others.count == 1, let other = others.first, !code.hasPrefix(other) {
                findings.append(Finding(code: .attachmentHSMismatch, severity: severity, field: .line(line.line, .hsCode),
                                        key: "attachment.hsByElimination", ["row": Self.name(line), "code": .data(code), "shown": .data(other)]))
            } else {
                findings.append(Finding(code: .attachmentHSMismatch, severity: .warning, field: .line(line.line, .hsCode),
                                        key: unreadKey, ["row": Self.name(line), "code": .data(code),
                                                         "codes": .list(reading.hsCodes.map(MessageArgument.data))]))
            }
        }
        return findings
    }

    static func tableReadWhole(_ reading: PDFInvoiceReading) -> (whole: Bool, reason: MessageText?) {
        reading.tableReadWhole
    }

    /// The goods table row by row: each order line against the row identified with it (by SKU
    /// or article, else by what the row holds): quantity, price, amount, VAT rate and amount, HS
    /// code. A difference is an error only where the row is evidence (``TableColumnEvidence``):
    /// its column agrees with the order in most rows and the row agrees with its own figures;
    /// else it is a warning that says why it is no evidence. Lines and rows left over are an
    /// error in a table read whole, or where the PDF's labelled total differs from the order's
    /// by exactly that line's or row's amount.
    /// `lineValues[i]` are the values of `posting.lines[i]`.
    private func compare(rows reading: PDFInvoiceReading, posting: ExportPosting, values lineValues: [InvoiceRowMatching.LineValues],
                         order: OrderChecks.Order,
                         whole: (whole: Bool, reason: MessageText?)) -> [Finding] {
        var findings: [Finding] = []
        let rows = reading.tableRows
        let result = InvoiceRowMatching.match(lines: posting.lines, values: lineValues, rows: rows, tableReadWhole: whole.whole)
        let uncertain: MessageArgument = whole.reason.map { .key("attachment.table.notWhole", ["reason": .text($0)]) } ?? .data("")
        let evidence = TableColumnEvidence(result.pairs.map { (lineValues[$0.line], rows[$0.row]) })
        for pair in result.pairs {
            let line = posting.lines[pair.line], row = rows[pair.row]
            let values = lineValues[pair.line]
            let severity = reading.mismatchSeverity(confidence: row.confidence)
            let how: MessageArgument
            switch pair.identification {
            case .key: how = .key("attachment.row.byKey")
            case .content(let count): how = .key("attachment.row.byContent", ["count": .data(String(count))])
            case .elimination: how = .key("attachment.row.byElimination")
            }
            let place = MessageArgument.key("attachment.row.place", ["row": Self.name(line), "index": .data(String(row.index)),
                                                                       "page": .data(String(row.page + 1)), "how": how])
            /// The mismatch as an error, or as a warning that says why it is no evidence.
            func mismatch(_ code: FindingCode, _ field: FieldPath, _ key: String, _ arguments: [String: MessageArgument],
                          doubt: MessageArgument?) {
                var arguments = arguments
                arguments["place"] = place
                let text = MessageText(key, arguments)
                if let doubt {
                    findings.append(Finding(code: code, severity: .warning, field: field,
                                            key: "attachment.row.noEvidence", ["mismatch": .text(text), "reason": doubt]))
                } else {
                    findings.append(Finding(code: code, severity: severity, field: field, text: text))
                }
            }
            if let quantity = values.quantity, let shown = row.quantity, quantity != shown {
                mismatch(.attachmentOrderMismatch, .line(line.line, .quantity), "attachment.row.quantity",
                         ["shown": .data(DecimalText.canonical(shown)), "quantity": .data(DecimalText.canonical(quantity))],
                         doubt: evidence.quantityOrPriceDoubt(.quantity, row, line: values))
            }
            if let price = values.price, let shown = row.price, InvoiceRowMatching.cents(price) != InvoiceRowMatching.cents(shown) {
                mismatch(.attachmentTotalMismatch, .line(line.line, .unitPrice), "attachment.row.price",
                         ["shown": .data(DecimalText.format(shown, scale: 2)), "price": .data(DecimalText.format(price, scale: 2))],
                         doubt: evidence.quantityOrPriceDoubt(.price, row, line: values))
            } else if let amount = values.amount, let shown = row.amount, amount != InvoiceRowMatching.cents(shown),
                      values.quantity == row.quantity {
                mismatch(.attachmentTotalMismatch, .line(line.line).key("amount"), "attachment.row.amount",
                         ["shown": .data(DecimalText.format(shown, scale: 2)), "amount": .data(DecimalText.format(amount, scale: 2))],
                         doubt: evidence.amountDoubt(row))
            }
            if let rate = values.rate, let shown = row.vatRate, shown != rate {
                mismatch(.attachmentTotalMismatch, .line(line.line, .vatRate), "attachment.row.rate",
                         ["shown": .data(shown.text), "rate": .data(rate.text)], doubt: evidence.rateDoubt(row))
            } else if let expected = values.vatAmount, let amount = values.amount, let shown = row.vatAmount,
                      values.quantity == row.quantity,
                      row.price.map({ InvoiceRowMatching.cents($0) == InvoiceRowMatching.cents(values.price ?? -1) }) ?? true,
                      abs(InvoiceRowMatching.cents(shown) - expected) > Decimal(string: "0.01")! {
                // Prices include VAT: the line's VAT is amount × rate / (100 + rate), to the cent.
                mismatch(.attachmentTotalMismatch, .line(line.line).key("vat_amount"), "attachment.row.vatAmount",
                         ["shown": .data(DecimalText.format(shown, scale: 2)), "rate": .data(values.rate?.text ?? ""),
                          "amount": .data(DecimalText.format(amount, scale: 2)), "expected": .data(DecimalText.format(expected, scale: 2))],
                         doubt: evidence.vatAmountDoubt(row, line: values))
            }
            if let code = values.hsCode, let shown = row.hsCode, shown != code {
                mismatch(.attachmentHSMismatch, .line(line.line, .hsCode), "attachment.row.hsCode", ["shown": .data(shown), "code": .data(code)],
                         doubt: evidence.hsCodeDoubt(shown, code))
            }
            if !row.unreadCells.isEmpty {
                findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning, field: .line(line.line),
                                        key: "attachment.row.unread", ["place": place, "cells": .list(row.unreadCells.map { .text($0.message) })]))
            }
        }
        // Lines without a row and rows without a line: an error where the table was read whole,
        // or where the labelled total is the order's less (or plus) exactly that line's (row's) amount.
        let severity = whole.whole ? reading.mismatchSeverity(confidence: reading.lowestConfidence) : .warning
        let totalEvidence = LineCountEvidence(orderTotal: order.total, labelledTotals: reading.totals)
        var explained = Set<Int>(), explainedRows = Set<Int>()
        if !whole.whole {
            for index in result.unmatchedLines {
                guard let pdfTotal = totalEvidence.totalWithout(lineValues[index].amount) else { continue }
                let line = posting.lines[index]
                explained.insert(index)
                findings.append(Finding(code: .attachmentOrderMismatch, severity: reading.mismatchSeverity(confidence: reading.lowestConfidence),
                                        field: .line(line.line, .sku), key: "attachment.lineMissingByTotal",
                                        ["row": Self.name(line), "quantity": .data(line.quantity), "price": .data(line.unitPrice),
                                         "pdfTotal": .data(DecimalText.format(pdfTotal, scale: 2)),
                                         "orderTotal": .data(DecimalText.format(order.total ?? 0, scale: 2)),
                                         "amount": .data(DecimalText.format(lineValues[index].amount ?? 0, scale: 2))]))
            }
            for index in result.unmatchedRows {
                let row = rows[index]
                let amount = row.amount ?? row.quantity.flatMap { quantity in row.price.map { DecimalText.rounded(quantity * $0, scale: 2) } }
                guard let pdfTotal = totalEvidence.totalWith(amount) else { continue }
                explainedRows.insert(index)
                findings.append(Finding(code: .attachmentOrderMismatch, severity: reading.mismatchSeverity(confidence: row.confidence),
                                        field: "lines", key: "attachment.rowExtraByTotal",
                                        ["index": .data(String(row.index)), "page": .data(String(row.page + 1)), "name": .data(row.name),
                                         "pdfTotal": .data(DecimalText.format(pdfTotal, scale: 2)),
                                         "orderTotal": .data(DecimalText.format(order.total ?? 0, scale: 2)),
                                         "amount": .data(DecimalText.format(amount ?? 0, scale: 2))]))
            }
        }
        // A quantity the table could not show (the line's row not identified, or its quantity
        // cell not read) that the labelled total shows changed by whole units.
        if !whole.whole {
            let quantityUnread = result.pairs.filter { rows[$0.row].quantity == nil }.map(\.line)
            let candidates = (result.unmatchedLines.filter { !explained.contains($0) } + quantityUnread).sorted()
            findings += quantityByTotal(posting: posting, values: lineValues, order: order, evidence: totalEvidence, candidates: candidates,
                                        severity: reading.mismatchSeverity(confidence: reading.lowestConfidence))
        }
        if !result.unmatchedLines.isEmpty || !result.unmatchedRows.isEmpty, rows.count != posting.lines.count {
            findings.append(Finding(code: .attachmentOrderMismatch, severity: severity, field: "lines",
                                    key: "attachment.table.rowCount", ["rows": .data(String(rows.count)), "lines": .data(String(posting.lines.count)), "uncertain": uncertain]))
        }
        for index in result.unmatchedLines where !explained.contains(index) {
            let line = posting.lines[index]
            findings.append(Finding(code: .attachmentOrderMismatch, severity: severity, field: .line(line.line, .sku),
                                    key: "attachment.table.noRow", ["sku": .data(line.sku.isEmpty ? line.offerId : line.sku),
                                                                    "quantity": .data(line.quantity), "price": .data(line.unitPrice),
                                                                    "uncertain": uncertain]))
        }
        for index in result.unmatchedRows where !explainedRows.contains(index) {
            let row = rows[index]
            var shown: [MessageArgument] = row.name.isEmpty ? [] : [.data(row.name)]
            if let quantity = row.quantity { shown.append(.key("attachment.table.shownQuantity", ["quantity": .data(DecimalText.canonical(quantity))])) }
            if let price = row.price { shown.append(.key("attachment.table.shownPrice", ["price": .data(DecimalText.format(price, scale: 2))])) }
            let details = shown.reduce(MessageArgument.data("")) { joined, next in .key("attachment.table.detail", ["before": joined, "detail": next]) }
            findings.append(Finding(code: .attachmentOrderMismatch, severity: severity, field: "lines",
                                    key: "attachment.table.rowUnmatched", ["index": .data(String(row.index)), "page": .data(String(row.page + 1)),
                                                                           "details": details, "uncertain": uncertain]))
        }
        return findings
    }

    /// The VAT total read by its label against the order's: the sum of each line's VAT at its
    /// rate (prices include VAT), within a cent a line (a seller may round VAT on the total). An
    /// error when no VAT total the PDF shows comes within that; nothing when it shows none or an
    /// order line has no rate.
    private func compareVATTotal(_ reading: PDFInvoiceReading, posting: ExportPosting, values: [InvoiceRowMatching.LineValues],
                                 severity: Severity) -> [Finding] {
        guard !reading.vatTotals.isEmpty, !posting.lines.isEmpty else { return [] }
        var orderVAT = Decimal(0)
        for line in values {
            guard let vat = line.vatAmount else { return [] }
            orderVAT += vat
        }
        let tolerance = Decimal(posting.lines.count) * Decimal(string: "0.01")!
        guard !reading.vatTotals.contains(where: { abs(DecimalText.rounded($0, scale: 2) - orderVAT) <= tolerance }) else { return [] }
        return [Finding(code: .attachmentTotalMismatch, severity: severity, field: "vat_amount", key: "attachment.vatTotalMismatch",
                        ["pdfVAT": .list(reading.vatTotals.map { .data(DecimalText.format($0, scale: 2)) }),
                         "orderVAT": .data(DecimalText.format(orderVAT, scale: 2))])]
    }

    /// The line among `candidates` whose quantity, changed by whole units, is what the labelled
    /// total bills (``LineCountEvidence/onlyQuantityChanged(lines:candidates:)``), as an error.
    private func quantityByTotal(posting: ExportPosting, values: [InvoiceRowMatching.LineValues], order: OrderChecks.Order,
                                 evidence: LineCountEvidence, candidates: [Int], severity: Severity) -> [Finding] {
        guard let changed = evidence.onlyQuantityChanged(lines: values.map { ($0.quantity, $0.price) }, candidates: candidates) else { return [] }
        let line = posting.lines[changed.line]
        return [Finding(code: .attachmentOrderMismatch, severity: severity, field: .line(line.line, .quantity),
                        key: "attachment.quantityByTotal",
                        ["row": Self.name(line), "pdfTotal": .data(DecimalText.format(changed.total, scale: 2)),
                         "orderTotal": .data(DecimalText.format(order.total ?? 0, scale: 2)),
                         "price": .data(DecimalText.format(values[changed.line].price ?? 0, scale: 2)),
                         "shown": .data(DecimalText.canonical(changed.quantity)), "quantity": .data(line.quantity)])]
    }

    private func compareTaxIDs(posting: ExportPosting, found: [TaxID]) -> [Finding] {
        let shown = Set(found.map { Self.compact($0.value) })
        var findings: [Finding] = []
        for column in [ExportColumn.sellerTaxId, .buyerINN, .buyerKPP] where !posting[column].isEmpty {
            let value = Self.compact(posting[column])
            if !shown.contains(value) {
                findings.append(Finding(code: .attachmentOrderMismatch, field: .column(column),
                                        key: "attachment.taxIdNotCarried", ["column": .data(column.rawValue), "value": .data(posting[column])]))
            }
        }
        return findings
    }

    /// Another tool's PDF: an order's tax id not found is an error only where the PDF shows
    /// another valid identifier of the same kind by a tax-id label (the seller's INN replaced by
    /// another INN); not found at all, it is a warning.
    private func compareTaxIDs(posting: ExportPosting, found: [TaxID], severity: Severity) -> [Finding] {
        let shown = Set(found.map { Self.compact($0.value) })
        let orderIDs = Set([ExportColumn.sellerTaxId, .buyerINN, .buyerKPP].map { Self.compact(posting[$0]) }.filter { !$0.isEmpty })
        var findings: [Finding] = []
        for column in [ExportColumn.sellerTaxId, .buyerINN, .buyerKPP] where !posting[column].isEmpty {
            let value = Self.compact(posting[column])
            guard !shown.contains(value) else { continue }
            let others = found.filter { id in
                let other = Self.compact(id.value)
                return !orderIDs.contains(other) && other.count == value.count && other.allSatisfy(\.isNumber) == value.allSatisfy(\.isNumber)
            }
            if others.isEmpty {
                findings.append(Finding(code: .attachmentFieldsMissing, severity: .warning, field: .column(column),
                                        key: "attachment.taxIdAbsent", ["column": .data(column.rawValue), "value": .data(posting[column])]))
            } else {
                findings.append(Finding(code: .attachmentOrderMismatch, severity: severity, field: .column(column),
                                        key: "attachment.taxIdOther", ["shown": .data(others.map { "\($0.scheme) \($0.value)" }.joined(separator: ", ")),
                                                                       "column": .data(column.rawValue), "value": .data(posting[column])]))
            }
        }
        return findings
    }

    private func totalField(_ posting: ExportPosting) -> FieldPath {
        posting[.invoiceTotal].isEmpty ? .label("quantity x unit_price") : .column(.invoiceTotal)
    }

    private static func compact(_ value: String) -> String {
        String(value.filter { !$0.isWhitespace && $0 != "-" && $0 != "." }).uppercased()
    }

    /// `%%EOF` within the last 1 KiB: a PDF cut off in transfer lacks it.
    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
