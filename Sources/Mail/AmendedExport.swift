import Foundation
import Crypto
import Findings
import ERPAudit

/// The copy of an export that `--extract` writes beside the recovered PDFs: canonical CSV
/// (canonical column names, statuses through the mapping), one row per row read, with
/// `invoice_file` and `invoice_sha256` filled for the postings whose invoice is in the folder.
/// Invoices the export already had are copied into the folder too (as `<posting>.pdf`), so that
/// `faktura audit COPY` (attachments = its folder) finds every one.
enum AmendedExport {
    static func write(export: URL, audit: ExportAudit.Options, files recovered: [String: (name: String, sha256: String)],
                      inExport: Set<String>, attachments: URL, into folder: URL) throws(MailError) -> (url: URL, findings: [Finding]) {
        let name = export.deletingPathExtension().lastPathComponent + ".recovered.csv"
        let target = folder.appendingPathComponent(name)
        var reader: any ExportReader
        do {
            reader = try ExportFormat.reader(path: export.path, options: audit.readOptions)
        } catch {
            throw .export(error.description)
        }
        var files = recovered
        var findings: [Finding] = []
        var copied: Set<String> = []
        let sameFolder = attachments.resolvingSymlinksInPath().standardizedFileURL == folder.resolvingSymlinksInPath().standardizedFileURL
        // Written to a scratch file beside the target, then linked into place: a crash leaves no
        // half copy, and an existing file is never replaced (the link fails instead).
        let scratch = folder.appendingPathComponent(".\(name).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: scratch.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: scratch) else {
            throw .extract(path: folder.path, reason: "cannot write the amended export there")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        var digest = SHA256()
        func emit(_ line: String) {
            let data = Data((line + "\n").utf8)
            digest.update(data: data)
            handle.write(data)
        }
        emit(ExportColumn.allCases.map(\.rawValue).joined(separator: ","))
        do {
            while let item = try reader.next() {
                switch item {
                case .malformed(let row):
                    findings.append(Finding(code: .rowMalformed, field: .line(row.line),
                                            key: "mail.amended.notCopied", ["file": .data(name), "reason": .text(row.reason)]))
                case .record(var record):
                    let posting = record[.postingNumber]
                    record.values[ExportColumn.status.index] = audit.mapping.status(record[.status])
                    if !sameFolder, inExport.contains(posting), files[posting] == nil, !copied.contains(posting) {
                        copied.insert(posting)
                        // With --pdf-per-posting a row without a file name has it as <posting>.pdf.
                        var relative = record[.invoiceFile]
                        if relative.isEmpty, audit.pdfPerPosting { relative = "\(posting).pdf" }
                        switch copyAttachment(relative, posting: posting, from: attachments, into: folder) {
                        case .success(let file): files[posting] = file
                        case .failure(let failure): findings.append(failure.finding)
                        }
                    }
                    if let file = files[posting] {
                        record.values[ExportColumn.invoiceFile.index] = file.name
                        record.values[ExportColumn.invoiceSHA256.index] = file.sha256
                    }
                    emit(record.values.map(csvField).joined(separator: ","))
                }
            }
        } catch {
            try? handle.close()
            throw .export(error.description)
        }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw .extract(path: scratch.path, reason: "cannot finish writing: \((error as NSError).localizedDescription)")
        }
        if FileManager.default.fileExists(atPath: target.path) {
            let existing = (try? Data(contentsOf: target)).map { DigestText.hex(SHA256.hash(data: $0)) }
            guard existing == DigestText.hex(digest.finalize()) else {
                throw .extract(path: target.path, reason: "already exists with other content; it was not overwritten (move it away and scan again)")
            }
            return (target, findings)
        }
        do {
            try FileManager.default.linkItem(at: scratch, to: target)
        } catch {
            throw .extract(path: target.path, reason: "cannot write: \((error as NSError).localizedDescription)")
        }
        return (target, findings)
    }

    private struct CopyFailure: Error { var finding: Finding }

    /// Copies an invoice the export already has into the folder as `<posting>.pdf`.
    private static func copyAttachment(_ relative: String, posting: String, from attachments: URL,
                                       into folder: URL) -> Result<(name: String, sha256: String), CopyFailure> {
        let base = attachments.resolvingSymlinksInPath().standardizedFileURL.path
        let source = attachments.appendingPathComponent(relative).resolvingSymlinksInPath().standardizedFileURL
        guard source.path.hasPrefix(base + "/"), let name = Extraction.fileName(for: posting),
              let content = try? Data(contentsOf: source) else {
            return .failure(CopyFailure(finding: Finding(code: .mailExtractRefused, field: .label(posting),
                                                         key: "mail.amended.copyFailed", ["file": .data(relative), "folder": .data(folder.path)])))
        }
        let sha = DigestText.hex(SHA256.hash(data: content))
        switch Extraction.place(content, sha256: sha, at: folder.appendingPathComponent(name)) {
        case .written, .alreadyThere: return .success((name, sha))
        case .refused(let reason):
            return .failure(CopyFailure(finding: Finding(code: .mailExtractRefused, field: .label(posting), text: reason)))
        }
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break.
    private static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
