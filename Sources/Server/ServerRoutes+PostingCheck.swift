import Foundation
import Hummingbird
import InvoiceModel
import Findings
import ERPAudit

extension ServerRoutes {
    /// `POST /v1/postings/check`: one synced order audited as `faktura audit` audits an export.
    /// Part `posting`: the posting as JSON (canonical rows, or Ozon's posting with `products`
    /// and `invoice`); part `invoice` (optional): the PDF its invoice file names. The posting
    /// and the PDF are laid out as an export and its attachments folder in a private temporary
    /// folder and audited there, so the answer is the entry `faktura audit` writes for them.
    func checkPosting(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let language = try Self.language(request)
        let boundary = try MultipartForm.boundary(of: request)
        let form = try MultipartForm(body: try await collect(request), boundary: boundary, names: ["posting", "invoice"])
        guard let posting = form["posting"] else {
            throw APIError(.badRequest, MessageText("server.form.noPosting"))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-check-\(UUID().uuidString)")
        let attachments = folder.appendingPathComponent("attachments")
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = folder.appendingPathComponent("posting.json")
        do {
            try FileManager.default.createDirectory(at: attachments, withIntermediateDirectories: true)
            try posting.data.write(to: export)
        } catch {
            throw APIError(.internalError, MessageText("server.temporaryFolderDetail", ["englishDetail": .data("\(error.localizedDescription)")]))
        }
        let records = try Self.postingRecords(export)
        let numbers = Set(records.map { $0[.postingNumber] })
        guard numbers.count == 1 else {
            throw APIError(.badRequest, numbers.isEmpty ? MessageText("server.posting.none")
                           : MessageText("server.posting.several", ["count": .data(String(numbers.count))]))
        }
        var perPosting = false
        if let invoice = form["invoice"] {
            let names = Set(records.map { $0[.invoiceFile] }.filter { !$0.isEmpty })
            guard names.count <= 1 else {
                throw APIError(.badRequest, MessageText("server.posting.severalFiles", ["count": .data("\(names.count)")]))
            }
            // A posting that names no file takes the part as its invoice, laid out as
            // `<posting number>.pdf`, where the audit looks for it (pdfPerPosting).
            let name = names.first ?? "\(numbers.first!).pdf"
            perPosting = names.isEmpty
            // A name that leaves the folder is not laid out: the audit reports it as refused.
            if let relative = Self.relativePath(name), !perPosting || !relative.contains("/") {
                let target = attachments.appendingPathComponent(relative)
                do {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try invoice.data.write(to: target)
                } catch {
                    throw APIError(.badRequest, MessageText("server.posting.badFileName", ["name": .data("\(name)")]))
                }
            } else if perPosting {
                throw APIError(.badRequest, MessageText("server.posting.noFileName"))
            }
        }
        var options = ExportAudit.Options()
        options.attachments = attachments
        options.format = .json
        options.pdfPerPosting = perPosting
        let audit = ExportAudit(options: options, tool: ReportTool(version: configuration.toolVersion))
        let report: AuditReport = try await deadline.run(expired: APIError(.requestTimeout, MessageText("server.posting.timeout", ["seconds": .data(deadline.seconds)]))) {
            do throws(AuditError) {
                return try await audit.run(export: export)
            } catch {
                throw APIError(.badRequest, MessageText("server.posting.unreadable", ["englishDetail": .data("\(Self.withoutFolder(error.description, folder: folder))")]))
            }
        }
        guard let entry = report.postings.first else {
            let reasons = report.unreadableRows.map(\.message).joined(separator: "; ")
            throw APIError(.badRequest, MessageText("server.posting.noReadablePosting", ["englishDetail": .data("\(reasons)")]))
        }
        metrics.recordFindings(entry.findings.map { ($0.code.rawValue, $0.severity.rawValue) })
        let body: JSONText = .object([
            ("postingNumber", .string(entry.postingNumber)), ("status", .string(entry.status.rawValue)),
            ("findings", .array(entry.findings.map { $0.json(in: language) })),
        ])
        return Self.json(body, status: entry.status == .failed ? .unprocessableContent : .ok, language: language)
    }

    /// The rows of the posting JSON, read by the audit's own export reader.
    private static func postingRecords(_ export: URL) throws -> [ExportRecord] {
        var records: [ExportRecord] = []
        do {
            var reader = try ExportFormat.reader(path: export.path, format: .json, options: .init())
            while let item = try reader.next() {
                if case .record(let record) = item { records.append(record) }
                guard records.count <= 10_000 else { throw APIError(.badRequest, MessageText("server.posting.tooManyRows")) }
            }
        } catch let error as ExportReadError {
            throw APIError(.badRequest, MessageText("server.posting.unreadable", ["englishDetail": .data("\(withoutFolder(error.description, folder: export.deletingLastPathComponent()))")]))
        }
        return records
    }

    /// The invoice file name as a path inside the attachments folder, the way the audit reads
    /// it (`\` as `/`, `.` dropped); nil when it is absolute or climbs out with `..`.
    static func relativePath(_ name: String) -> String? {
        let path = name.replacingOccurrences(of: "\\", with: "/")
        guard !path.hasPrefix("/"), !path.hasPrefix("~"), !path.contains("\0") else { return nil }
        let parts = path.split(separator: "/").filter { $0 != "." }
        guard !parts.isEmpty, !parts.contains("..") else { return nil }
        return parts.joined(separator: "/")
    }

    /// A message without the server's temporary folder in it.
    static func withoutFolder(_ message: String, folder: URL) -> String {
        message.replacingOccurrences(of: folder.path + "/", with: "").replacingOccurrences(of: folder.path, with: "")
    }
}
