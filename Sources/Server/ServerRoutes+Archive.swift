import Findings
import Archive
import Foundation
import Hummingbird
import InvoiceModel
import Validate

extension ServerRoutes {
    /// `POST /v1/archive`: part `invoice` (the PDF) and optional part `posting` (its posting
    /// number, when the PDF does not name it) archived as `faktura archive add` archives a
    /// file, in the tenant's own archive; 201 with the entry and its chain hash.
    func archiveAdd(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let boundary = try MultipartForm.boundary(of: request)
        let form = try MultipartForm(body: try await collect(request), boundary: boundary, names: ["invoice", "posting"])
        guard let invoice = form["invoice"] else { throw APIError(.badRequest, MessageText("server.form.noInvoice")) }
        var posting: String?
        if let part = form["posting"] {
            guard let text = String(data: part.data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                  !text.isEmpty, text.count <= 64 else {
                throw APIError(.badRequest, MessageText("server.form.postingNotText"))
            }
            posting = text
        }
        let archive = try await tenantArchive(context)
        // The upload is archived from memory (the PDF reader pool takes bytes): nothing is staged on disk.
        var uploadIntake = ArchiveIntake(toolVersion: configuration.toolVersion)
        uploadIntake.postingOption = "the 'posting' part"
        let intake = uploadIntake
        let named = posting
        let submission: EntrySubmission = try await engine { () throws -> EntrySubmission in
            do throws(ArchiveError) {
                return try intake.submission(pdf: invoice.data, path: "invoice.pdf", posting: named)
            } catch {
                throw Self.apiError(error)
            }
        }
        let entry: ArchiveEntry
        do {
            entry = try await archive.append([submission])[0].entry
        } catch {
            throw Self.apiError(error)
        }
        return Self.json(.object([("entry", entry.json), ("hash", .string(entry.entryHash))]), status: .created)
    }

    /// `GET /v1/archive/{posting}`: the posting's entries, oldest first; 404 when the tenant has none.
    func archiveShow(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let posting = try context.parameters.require("posting")
        let entries = try await entries(of: posting, context)
        return Self.json(.object([("posting", .string(posting)), ("entries", .array(entries.map(\.json)))]))
    }

    /// `GET /v1/archive/{posting}/bundle[?head=HASH]`: the posting's dispute bundle (a ZIP), made
    /// after the tenant's whole archive was verified; `Faktura-Archive-Check` carries the verdict
    /// the bundle states (`ok`, or `failed; problems=N` for problems elsewhere in the archive).
    /// Damage to the posting's own evidence is answered 422 with the verify report, no bundle.
    func archiveBundle(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let posting = try context.parameters.require("posting")
        let expected = try Self.headParameter(request)
        _ = try await entries(of: posting, context)
        let archive = try await tenantArchive(context)
        let bundle: (data: Data, summary: BundleSummary)
        do {
            bundle = try await DisputeBundle.bundle(posting: posting, from: archive, agent: "faktura serve \(configuration.toolVersion)",
                                                    expectedHead: expected, timestampAuthority: configuration.timestampAuthority)
        } catch .damagedEvidence {
            let report: StoreVerification
            do {
                report = try await archive.verify(expectedHead: expected, posting: nil,
                                                  timestampAuthority: configuration.timestampAuthority)
            } catch {
                throw Self.apiError(error)
            }
            let language = try Self.language(request)
            let body = report.json(store: archive.tenant.rawValue, expectedHead: expected, toolVersion: configuration.toolVersion,
                                   language: language)
            return Self.json(body, status: .unprocessableContent, language: language)
        } catch {
            throw Self.apiError(error)
        }
        let check = bundle.summary.verification
        var headers: HTTPFields = [.contentType: "application/zip"]
        headers[.contentDisposition] = "attachment; filename=\"\(posting.filter { $0.isLetter || $0.isNumber || $0 == "-" }).zip\""
        headers[Self.archiveCheckField] = check.isIntact ? "ok" : "failed; problems=\(check.problems.count)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bundle.data)))
    }

    /// The header of a bundle answer that carries the archive check's verdict.
    static let archiveCheckField = HTTPFields.Element.Name("Faktura-Archive-Check")!

    /// `?head=HASH`, checked: 8 to 64 hex digits.
    private static func headParameter(_ request: Request) throws -> String? {
        let expected = query(request, "head")
        if let expected, !(8...64).contains(expected.count) || !expected.allSatisfy(\.isHexDigit) {
            throw APIError(.badRequest, MessageText("server.archive.badHead", ["head": .data("\(expected.prefix(80))")]))
        }
        return expected
    }

    /// `GET /v1/archive/head`: the newest entry of the tenant's chain; 404 when the archive is empty.
    func archiveHead(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let archive = try await tenantArchive(context)
        let head: ChainHead?
        do {
            head = try await archive.head()
        } catch {
            throw Self.apiError(error)
        }
        guard let head else { throw APIError(.notFound, MessageText("server.archive.empty")) }
        return Self.json(head.json)
    }

    /// `POST /v1/archive/verify[?head=HASH]`: every stored file re-hashed and the chain walked,
    /// as `faktura archive verify --format json` reports it; 200 when intact, 422 when not.
    func archiveVerify(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let expected = try Self.headParameter(request)
        let archive = try await tenantArchive(context)
        let report: StoreVerification
        do {
            report = try await archive.verify(expectedHead: expected, posting: nil, timestampAuthority: configuration.timestampAuthority)
        } catch {
            throw Self.apiError(error)
        }
        metrics.recordFindings(report.problems.map { ($0.finding.code.rawValue, $0.finding.severity.rawValue) })
        let language = try Self.language(request)
        let body = report.json(store: archive.tenant.rawValue, expectedHead: expected, toolVersion: configuration.toolVersion,
                               language: language)
        return Self.json(body, status: report.isIntact ? .ok : .unprocessableContent, language: language)
    }

    /// The entries of a posting in the request's tenant; another tenant's posting is as unknown as a missing one.
    private func entries(of posting: String, _ context: FakturaRequestContext) async throws -> [ArchiveEntry] {
        let archive = try await tenantArchive(context)
        let entries: [ArchiveEntry]
        do {
            entries = try await archive.entries(posting: posting)
        } catch {
            throw Self.apiError(error)
        }
        guard !entries.isEmpty else { throw APIError(.notFound, MessageText("server.archive.noEntry", ["posting": .data("\(posting)")])) }
        return entries
    }

    private func tenantArchive(_ context: FakturaRequestContext) async throws -> any EvidenceArchive {
        guard let tenant = context.tenant else { throw APIError(.internalError, MessageText("server.noTenant")) }
        do {
            return try await archives.archive(for: tenant)
        } catch {
            throw Self.apiError(error)
        }
    }

    /// An archive failure as the API's error: what the client sent wrong is 400, the rest 500;
    /// never with the server's own paths in it.
    static func apiError(_ error: ArchiveError) -> APIError {
        switch error {
        case .invalidInput: return APIError(.badRequest, error.text)
        case .unknownPosting: return APIError(.notFound, error.text)
        default: return APIError(.internalError, MessageText("server.archive.failed"))
        }
    }
}
