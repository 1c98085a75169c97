import Archive
import Foundation
import Hummingbird
import InvoiceModel
import Findings
import ERPAudit
import PDFReading

extension ServerRoutes {
    /// `POST /v1/audits[?mapping=PRESET]`: a whole export with its attachments ([AuditUpload]);
    /// 202 with the job's id once the upload arrived, the audit running on. Its progress and
    /// report: `GET /v1/audits/{id}`, `GET /v1/audits/{id}/report?format=`.
    func auditStart(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let tenant = try requireTenant(context)
        var preset: ExportMapping?
        if let name = Self.query(request, "mapping") {
            guard let known = ExportMappingPreset(rawValue: name) else {
                throw APIError(.badRequest, MessageText("server.audit.unknownPreset", ["preset": .data("\(name.prefix(80))"), "presets": .data("\(ExportMappingPreset.allCases.map(\.rawValue).joined(separator: ", "))")]))
            }
            preset = ExportMapping(preset: known)
        }
        guard let id = auditJobs.reserve(tenant: tenant) else {
            throw APIError(.serviceUnavailable, MessageText("server.audit.busy", ["count": .data("\(AuditJobs.maximumRunning)")]))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-audit-\(id)")
        let upload: AuditUpload
        let mapping: ExportMapping
        do {
            upload = try await AuditUpload.receive(request, into: folder, maximumBytes: configuration.maximumAuditBodyBytes,
                                                   deadline: Deadline(limit: Self.uploadTime(configuration)))
            if let data = upload.mapping {
                guard preset == nil else { throw APIError(.badRequest, MessageText("server.audit.presetAndMapping")) }
                do {
                    mapping = try ExportMapping(data: data, source: "mapping")
                } catch {
                    throw APIError(.badRequest, MessageText("server.audit.mappingUnusable", ["englishDetail": .data("\(error)")]))
                }
            } else {
                mapping = preset ?? .identity
            }
        } catch {
            auditJobs.finish(id, .failed("the upload was refused"))
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        let invoiceFiles = await Self.invoiceFiles(of: upload.export, mapping: mapping)
        let placed = upload.placeByFileName(invoiceFiles: invoiceFiles)
        auditJobs.started(id, exportName: upload.exportName, attachments: upload.files.count, placedByFileName: placed)

        var options = ExportAudit.Options(attachments: upload.attachments, mapping: mapping)
        options.format = nil
        let audit = ExportAudit(options: options, tool: ReportTool(version: configuration.toolVersion))
        let jobs = auditJobs
        let limit = configuration.auditTimeout
        let metrics = self.metrics
        Task.detached {
            defer { try? FileManager.default.removeItem(at: folder) }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        let report = try await WorkDeadline.$current.withValue(ContinuousClock.now + limit) {
                            try await audit.run(export: upload.export) { progress in jobs.progress(id, progress) }
                        }
                        metrics.recordFindings(report.postings.flatMap(\.findings).map { ($0.code.rawValue, $0.severity.rawValue) })
                        jobs.finish(id, .done(report))
                    } catch {
                        jobs.finish(id, .failed(Self.withoutFolder("\(error)", folder: folder)))
                    }
                }
                group.addTask {
                    // The job is answered as failed at its deadline; the audit's PDF reads stop
                    // there too (WorkDeadline), so its task ends soon after.
                    try? await Task.sleep(for: limit)
                    jobs.finish(id, .failed("the audit took longer than this server's limit of \(limit) (--audit-timeout)"))
                }
                _ = await group.next()
                group.cancelAll()
            }
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.location] = "/v1/audits/\(id)"
        let body = try auditStatus(id: id, tenant: tenant)
        return Response(status: .accepted, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body.data())))
    }

    /// `GET /v1/audits/{id}`: the job's state and progress; with its summary once done.
    func auditShow(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let tenant = try requireTenant(context)
        return Self.json(try auditStatus(id: try context.parameters.require("id"), tenant: tenant))
    }

    /// `GET /v1/audits/{id}/report?format=json|html|junit|csv`: the finished audit's report; `csv`
    /// is one row per finding of the failed postings, for a spreadsheet.
    func auditReport(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let tenant = try requireTenant(context)
        let id = try context.parameters.require("id")
        guard let job = auditJobs.job(id, tenant: tenant) else { throw Self.unknownAudit(id) }
        let format = Self.query(request, "format") ?? "json"
        let types = ["json": "application/json", "html": "text/html; charset=utf-8", "junit": "application/xml", "csv": "text/csv; charset=utf-8"]
        guard let type = types[format] else {
            throw APIError(.badRequest, MessageText("server.audit.unknownReportFormat", ["format": .data("\(format.prefix(40))")]))
        }
        guard case .done(let report) = job.state else {
            if case .failed(let message) = job.state { throw APIError(.conflict, MessageText("server.audit.failedNoReport", ["englishDetail": .data("\(message)")])) }
            throw APIError(.conflict, MessageText("server.audit.stillRunning", ["id": .data("\(id)")]))
        }
        let language = try Self.language(request)
        let bytes: Data = try await engine {
            switch format {
            case "html": report.rendered(as: .html)
            case "junit": report.rendered(as: .junit)
            case "csv": Self.failedPostingsCSV(report)
            default: language.map { Self.localizedJSON(report, in: $0) } ?? report.json()
            }
        }
        var headers: HTTPFields = [.contentType: type]
        if format == "json", let language { headers[.contentLanguage] = language.tag }
        let stem = (job.exportName as NSString).deletingPathExtension.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let fileExtension = ["junit": "xml", "csv": "csv", "html": "html", "json": "json"][format]!
        headers[.contentDisposition] = "attachment; filename=\"audit-\(stem.isEmpty ? "export" : String(stem.prefix(60))).\(fileExtension)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func auditStatus(id: String, tenant: TenantName) throws -> JSONText {
        guard let job = auditJobs.job(id, tenant: tenant) else { throw Self.unknownAudit(id) }
        var fields: [(String, JSONText)] = [("id", .string(id)), ("export", .string(job.exportName)),
                                            ("attachments", .number(String(job.attachments))),
                                            ("placedByFileName", .number(String(job.placedByFileName)))]
        switch job.state {
        case .receiving:
            fields.append(("state", .string("receiving")))
        case .reading(let rows):
            fields += [("state", .string("reading")), ("rows", .number(String(rows)))]
        case .checking(let done, let of):
            fields += [("state", .string("checking")), ("done", .number(String(done))), ("of", .number(String(of)))]
        case .done(let report):
            let summary = report.summary
            fields += [("state", .string("done")), ("summary", .object([
                ("records", .number(String(summary.records))), ("postings", .number(String(summary.postings))),
                ("ok", .number(String(summary.ok))), ("failed", .number(String(summary.failed))),
                ("skipped", .number(String(summary.skipped))), ("malformedRows", .number(String(summary.malformedRows))),
            ]))]
        case .failed(let message):
            fields += [("state", .string("failed")), ("message", .string(message))]
        }
        if let seconds = job.finishedInSeconds { fields.append(("seconds", .number(String(format: "%.3f", seconds)))) }
        return .object(fields)
    }

    private static func unknownAudit(_ id: String) -> APIError {
        APIError(.notFound, MessageText("server.audit.unknown", ["id": .data("\(id.prefix(40))")]))
    }

    /// An export with its PDFs is a big upload from an office line: ten times `--timeout` for it to arrive.
    static func uploadTime(_ configuration: ServerConfiguration) -> Duration {
        configuration.requestTimeout * 10
    }

    func requireTenant(_ context: FakturaRequestContext) throws -> TenantName {
        guard let tenant = context.tenant else { throw APIError(.internalError, MessageText("server.noTenant")) }
        return tenant
    }

    /// The invoice file names of the export's rows, for ``AuditUpload/placeByFileName(invoiceFiles:)``;
    /// an export that cannot be read gives none (the audit then names what is wrong with it).
    private static func invoiceFiles(of export: URL, mapping: ExportMapping) async -> [String] {
        (try? await BlockingWork.run { () throws -> [String] in
            var names: Set<String> = []
            var reader = try ExportFormat.reader(path: export.path, options: .init(mapping: mapping))
            while let item = try reader.next() {
                if case .record(let record) = item, !record[.invoiceFile].isEmpty { names.insert(record[.invoiceFile]) }
            }
            return Array(names)
        }) ?? []
    }

    /// The JSON report with each finding's `localized` texts (docs/languages.md), as the
    /// validate and posting-check routes write them: the report `faktura audit --format json`
    /// writes, each finding given `"localized": {"language", "message", "hint"}`.
    static func localizedJSON(_ report: AuditReport, in language: Language) -> Data {
        let plain = report.json()
        guard var object = (try? JSONSerialization.jsonObject(with: plain)) as? [String: Any] else { return plain }
        func localized(_ finding: Finding) -> [String: String] {
            ["language": language.tag, "message": finding.message(in: language), "hint": finding.hint(in: language)]
        }
        func localize(_ items: Any?, _ findings: [Finding]) -> Any? {
            guard var listed = items as? [[String: Any]], listed.count == findings.count else { return items }
            for index in listed.indices { listed[index]["localized"] = localized(findings[index]) }
            return listed
        }
        let postings = report.postings
        if var items = object["postings"] as? [[String: Any]], items.count == postings.count {
            for index in items.indices { items[index]["findings"] = localize(items[index]["findings"], postings[index].findings) }
            object["postings"] = items
        }
        object["unreadableRows"] = localize(object["unreadableRows"], report.unreadableRows)
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? plain
    }

    /// One row per finding of each failed posting, for a spreadsheet. A cell that a spreadsheet
    /// would take for a formula (`=`, `+`, `-`, `@` first) is written with a leading `'`.
    static func failedPostingsCSV(_ report: AuditReport) -> Data {
        func cell(_ text: String) -> String {
            var value = text
            if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
            if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }
        var lines = ["posting_number,export_status,line,code,severity,field,message"]
        for posting in report.postings where posting.status == .failed {
            for finding in posting.findings {
                lines.append([posting.postingNumber, posting.exportStatus, String(posting.line), finding.code.rawValue,
                              finding.severity.rawValue, finding.field?.description ?? "", finding.message].map(cell).joined(separator: ","))
            }
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
