import Foundation
import Crypto
import Findings
import PDFReading
import Validate

/// Reads one raw message into a ``ScannedMessage``: budgets first (byte counts, then a survey
/// of its MIME containers), then GMime, then DKIM, then each PDF attachment through the
/// project's PDF reader.
final class MessageScanner {
    let budget: MIMEBudget
    private let dkim: DKIMVerifier

    init(budget: MIMEBudget, dkimKeys: String?) throws(MailError) {
        self.budget = budget
        dkim = try DKIMVerifier(keyFile: dkimKeys)
    }

    func scan(_ raw: RawMessage) -> ScannedMessage {
        var message = ScannedMessage(location: raw.location, bytes: raw.oversizeBytes ?? raw.bytes.count)
        let field = FieldPath.label(raw.location.description)
        if let reason = raw.unreadable {
            message.findings.append(Finding(code: .mailUnreadable, field: field, key: "mail.unreadable", ["englishDetail": .data(reason)]))
            return message
        }
        if let size = raw.oversizeBytes {
            message.findings.append(Finding(code: .mailTooComplex, field: field,
                                            key: "mail.oversize", ["size": .data(String(size)), "limit": .data(String(budget.messageBytes))]))
            return message
        }
        let shape = MIMEShape(raw.bytes)
        guard shape.startsWithHeader else {
            message.findings.append(Finding(code: .mailUnreadable, field: field,
                                            key: raw.bytes.isEmpty ? "mail.empty" : "mail.noHeaderField"))
            return message
        }
        if let reason = exceeded(shape) {
            message.findings.append(Finding(code: .mailTooComplex, field: field, key: "mail.notParsed", ["reason": .text(reason)]))
            return message
        }
        guard let parsed = MIMEMessage(raw: raw.bytes) else {
            message.findings.append(Finding(code: .mailUnreadable, field: field, key: "mail.unparsable", ["bytes": .data(String(raw.bytes.count))]))
            return message
        }
        let content = parsed.content(budget: budget)
        message.messageID = content.messageID
        message.date = content.date
        message.from = content.from
        message.subject = content.subject
        message.received = content.received
        if content.messageID == nil, content.from == nil, content.subject == nil, content.parts.isEmpty {
            message.findings.append(Finding(code: .mailUnreadable, field: field,
                                            key: "mail.noHeaderBlock"))
            return message
        }
        if let exceeded = content.exceeded {
            message.findings.append(Finding(code: .mailTooComplex, field: field, key: "mail.partsNotRead", ["reason": .text(exceeded)]))
        }
        for warning in content.parserWarnings {
            message.findings.append(Finding(code: .mailMalformed, field: field, text: warning))
        }
        let verdict = dkim.verify(raw.bytes)
        message.dkim = verdict.result
        if verdict.result == .fail {
            message.findings.append(Finding(code: .mailDKIMFail, field: field,
                                            text: verdict.reason ?? DKIMVerdict.changed.reason!))
        }

        var postings: [String] = []
        var seen: Set<String> = []
        func collect(_ text: String?) {
            // An order mail names a few postings; a list of thousands is a digest, kept to a bound.
            for number in PostingNumberScan.numbers(in: text ?? "") where postings.count < Self.maxPostings && seen.insert(number).inserted {
                postings.append(number)
            }
        }
        collect(content.subject)
        content.nestedSubjects.forEach(collect)
        for part in content.parts {
            collect(part.fileName)
            if part.mediaType.hasPrefix("text/") { collect(part.text ?? String(decoding: part.content, as: UTF8.self)) }
            guard Self.isPDF(part) else { continue }
            let pdf = Self.pdf(part)
            if let damage = pdf.damageText {
                message.findings.append(Finding(code: .mailAttachmentBroken, field: .label("\(field), part \(part.path)"),
                                                key: "mail.pdfBroken", ["name": pdf.name.map { .data($0) } ?? .key("mail.noName"),
                                                                        "damage": .text(damage)]))
            }
            pdf.postingsNamed.forEach { collect($0) }
            message.pdfs.append(pdf)
        }
        message.postings = postings
        return message
    }

    /// The decoded bytes of the attachment at `part` of the message at `location`, checked
    /// against the SHA-256 the scan recorded (the mailbox may have changed since).
    func pdfContent(at location: MessageLocation, part: String, sha256: String) throws(MailError) -> (pdf: Data, message: Data) {
        let raw = try Mailbox.reread(location, budget: budget)
        guard raw.oversizeBytes == nil, let parsed = MIMEMessage(raw: raw.bytes),
              let leaf = parsed.content(budget: budget).parts.first(where: { $0.path == part }),
              DigestText.hex(SHA256.hash(data: leaf.content)) == sha256 else {
            throw .mailbox(path: location.description, reason: "the message changed since it was scanned (part \(part) differs)")
        }
        return (leaf.content, raw.bytes)
    }

    private func exceeded(_ shape: MIMEShape) -> MessageText? {
        if shape.headerBytes > budget.headerBytes {
            return MessageText("mail.limit.headerBytes", ["bytes": .data(String(shape.headerBytes)), "limit": .data(String(budget.headerBytes))])
        }
        if shape.containerLines > budget.containers {
            return MessageText("mail.limit.containers", ["count": .data(String(shape.containerLines)), "limit": .data(String(budget.containers))])
        }
        if shape.boundaryLines > budget.parts * 2 {
            return MessageText("mail.limit.boundaries", ["count": .data(String(shape.boundaryLines)), "limit": .data(String(budget.parts))])
        }
        return nil
    }

    /// Posting numbers kept per message.
    static let maxPostings = 1_000

    /// What reading one PDF attachment may cost: it is read in a reader process like any PDF
    /// Faktura did not render, for the posting numbers in its text or embedded data; scanned
    /// pages are not read by OCR (a mailbox holds thousands of attachments).
    static let pdfBudget = PDFReadBudget(maxOCRPages: 0)

    /// `application/pdf`, or `application/octet-stream` named `.pdf` or starting `%PDF-`.
    static func isPDF(_ part: MIMEPart) -> Bool {
        if part.mediaType == "application/pdf" || part.mediaType == "application/x-pdf" { return true }
        guard part.mediaType == "application/octet-stream" else { return false }
        if let name = part.fileName, name.lowercased().hasSuffix(".pdf") { return true }
        return part.content.starts(with: Array("%PDF-".utf8))
    }

    private static func pdf(_ part: MIMEPart) -> MailPDF {
        let data = part.content
        let digest = DigestText.hex(SHA256.hash(data: data))
        var damage = part.encodingDamage
        var readable = false
        var named: [String] = []
        if !PDFDocument.hasPDFHeader(data) {
            damage = damage ?? MessageText(data.isEmpty ? "mail.pdf.empty" : "mail.pdf.notPDF")
        } else if !PDFEndMarker.isPresent(in: data) {
            damage = damage ?? MessageText("mail.pdf.truncated")
        } else {
            do {
                let reading = try PDFInvoiceReading.read(data: data, source: part.fileName ?? "attachment", budget: Self.pdfBudget)
                readable = true
                named = reading.postingNumbers
            } catch {
                damage = damage ?? MessageText("mail.pdf.unreadable", ["englishDetail": .data(error.reason)])
            }
        }
        return MailPDF(name: part.fileName, bytes: data.count, sha256: digest, readable: readable && damage == nil,
                       postingsNamed: named, part: part.path, damage: damage)
    }
}
