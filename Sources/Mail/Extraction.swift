import Foundation
import Crypto
import Findings

/// Writes recoverable PDFs as `DIR/<posting>.pdf`. The file name comes from the posting
/// number alone (digits and dashes), never from the attachment's own name; an existing file is
/// never overwritten (the same content is accepted as already extracted).
struct Extraction {
    let folder: URL
    let scanner: MessageScanner
    /// The export's attachments folder (the in-export invoices are copied from there).
    let attachments: URL
    /// Posting → the file name (relative to `folder`) and SHA-256 of its invoice there.
    private(set) var files: [String: (name: String, sha256: String)] = [:]

    init(folder: URL, scanner: MessageScanner, attachments: URL) {
        self.folder = folder
        self.scanner = scanner
        self.attachments = attachments
    }

    func prepare() throws(MailError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .extract(path: folder.path, reason: "cannot create the folder: \((error as NSError).localizedDescription)")
        }
    }

    /// A posting number usable as a file name: only digits and dashes, as Ozon writes them.
    static func fileName(for posting: String) -> String? {
        guard !posting.isEmpty, posting.count <= 64,
              posting.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "-" }),
              posting.first != "-" else { return nil }
        return posting + ".pdf"
    }

    mutating func extract(_ posting: inout PostingMail) {
        guard posting.state == .recoverable, let best = posting.bestPDF else { return }
        guard let name = Self.fileName(for: posting.postingNumber) else {
            posting.findings.append(Finding(code: .mailExtractRefused, field: .label(posting.postingNumber),
                                            key: "mail.extract.badName"))
            return
        }
        let target = folder.appendingPathComponent(name)
        let content: Data
        do {
            content = try scanner.pdfContent(at: best.location, part: best.part, sha256: best.sha256).pdf
        } catch {
            posting.findings.append(Finding(code: .mailExtractRefused, field: .label(target.path), text: error.text))
            return
        }
        switch Self.place(content, sha256: best.sha256, at: target) {
        case .written, .alreadyThere:
            posting.extractedTo = target.path
            files[posting.postingNumber] = (name, best.sha256)
        case .refused(let reason):
            posting.findings.append(Finding(code: .mailExtractRefused, field: .label(target.path), text: reason))
        }
    }

    enum Placement { case written, alreadyThere, refused(MessageText) }

    /// Writes `content` to `target` unless a file is there; the same bytes there are fine.
    static func place(_ content: Data, sha256: String, at target: URL) -> Placement {
        if FileManager.default.fileExists(atPath: target.path) {
            guard let existing = try? Data(contentsOf: target) else {
                return .refused(MessageText("mail.extract.unreadableTarget", ["file": .data(target.lastPathComponent)]))
            }
            if DigestText.hex(SHA256.hash(data: existing)) == sha256 { return .alreadyThere }
            return .refused(MessageText("mail.extract.otherContent", ["file": .data(target.lastPathComponent),
                                                                     "sha256": .data(DigestText.hex(SHA256.hash(data: existing)))]))
        }
        do {
            try content.write(to: target, options: [.withoutOverwriting])
            return .written
        } catch {
            return .refused(MessageText("mail.extract.cannotWrite", ["path": .data(target.path),
                                                                    "englishDetail": .data((error as NSError).localizedDescription)]))
        }
    }
}
