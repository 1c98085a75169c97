import Foundation
import Archive
import InvoiceModel
import Findings

/// Adds the PDFs of order mails to the evidence store, each with its message as the receipt:
/// the raw message (`message/rfc822`, byte for byte as read) and a small JSON record of what
/// the mail proves (Message-ID, sender, dates, DKIM result).
struct MailArchiving {
    private let store: EvidenceStore
    private let intake: ArchiveIntake
    private let scanner: MessageScanner
    private let scratch: URL

    init(store location: URL, scanner: MessageScanner, toolVersion: String) throws(MailError) {
        do {
            store = try EvidenceStore(at: location, create: true)
        } catch {
            throw .archive(error.description)
        }
        intake = ArchiveIntake(toolVersion: toolVersion)
        self.scanner = scanner
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-mail-\(UUID().uuidString)")
    }

    /// Archives each readable PDF that names the posting, once per distinct PDF.
    func archive(_ posting: inout PostingMail, messages: [ScannedMessage]) {
        var seen: Set<String> = []
        for pdf in posting.pdfs where pdf.readable && pdf.damage == nil && pdf.namesPosting && seen.insert(pdf.sha256).inserted {
            let field = FieldPath.label("\(pdf.location.description), part \(pdf.part)")
            do throws(MailError) {
                let entry = try submission(for: pdf, posting: posting.postingNumber,
                                           message: messages.first { $0.location == pdf.location })
                let outcome: [EvidenceStore.AppendOutcome]
                do { outcome = try store.append([entry]) } catch { throw .archive(error.description) }
                posting.archiveEntries += outcome.map(\.entry.entryHash)
            } catch {
                posting.findings.append(Finding(code: .mailExtractRefused, severity: .error, field: field,
                                                key: "mail.notArchived", ["reason": .text(error.text)]))
            }
        }
    }

    private func submission(for pdf: PostingMail.PDF, posting: String, message: ScannedMessage?) throws(MailError) -> EntrySubmission {
        let content = try scanner.pdfContent(at: pdf.location, part: pdf.part, sha256: pdf.sha256)
        // The intake reads a file: the PDF goes through a private scratch folder under the
        // posting's name (never the attachment's own).
        let name = Extraction.fileName(for: posting) ?? "invoice.pdf"
        let file = scratch.appendingPathComponent(UUID().uuidString).appendingPathComponent(name)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        var entry: EntrySubmission
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.pdf.write(to: file)
        } catch {
            throw .archive("cannot stage the PDF: \((error as NSError).localizedDescription)")
        }
        do {
            entry = try intake.submission(pdfAt: file, posting: posting)
        } catch {
            throw .archive(error.description)
        }
        entry.documents.append(DocumentSubmission(kind: .receipt, name: "\(posting).eml", mediaType: "message/rfc822",
                                                  content: content.message))
        let record: JSONText = .object([
            ("messageId", .optional(message?.messageID)),
            ("from", .optional(message?.from)),
            ("subject", .optional(message?.subject)),
            ("date", .optional(message?.date)),
            ("received", .optional(message?.received)),
            ("dkim", .string((message?.dkim ?? .none).rawValue)),
            ("mailbox", .string(pdf.location.description)),
            ("attachmentName", .optional(pdf.name)),
            ("attachmentSha256", .string(pdf.sha256)),
        ])
        entry.documents.append(DocumentSubmission(kind: .receipt, name: "mail-evidence.json", mediaType: "application/json",
                                                  content: record.data()))
        return entry
    }
}
