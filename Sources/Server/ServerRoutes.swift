import Archive
import COpenAPIDocument
import Foundation
import Hummingbird
import InvoiceModel
import Logging
import PDFRender
import ERPAudit
import Findings
import PDFReading

/// The routes of `faktura serve` (docs/server.md) and what they share: the engine's
/// validator and renderers, the body limit, the deadline, the metrics.
struct ServerRoutes: Sendable {
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let body: BodyReader
    let deadline: Deadline
    /// Renderers of the built-in templates by name, their templates parsed once.
    let renderers: [String: InvoiceRenderer]
    /// Each tenant's archive, opened on first use.
    let archives: TenantArchives
    /// The export audits of `POST /v1/audits`, running and finished.
    let auditJobs = AuditJobs()

    init(configuration: ServerConfiguration, metrics: ServerMetrics) throws {
        self.configuration = configuration
        self.metrics = metrics
        body = BodyReader(maximumBytes: configuration.maximumBodyBytes)
        deadline = Deadline(limit: configuration.requestTimeout)
        var renderers: [String: InvoiceRenderer] = [:]
        for name in TemplateCatalog.builtInNames {
            renderers[name] = InvoiceRenderer(template: try TemplateCatalog.builtIn(named: name))
        }
        self.renderers = renderers
        archives = TenantArchives(location: configuration.archive)
    }

    /// The document kept as docs/openapi.json, compiled in.
    static let openAPIDocument: Data = {
        var length = 0
        let bytes = faktura_openapi_document(&length)!
        return Data(bytes: bytes, count: length)
    }()

    /// The JSON Schemas of docs/schemas by file name, compiled in: the document's `$ref`s
    /// (`schemas/audit-report.schema.json`) resolve against its URL to `/schemas/…`.
    static let schemaDocuments: [String: Data] = {
        var count = 0
        let table = faktura_schema_documents(&count)!
        var schemas: [String: Data] = [:]
        for index in 0..<count {
            schemas[String(cString: table[index].name)] = Data(bytes: table[index].bytes, count: table[index].length)
        }
        return schemas
    }()

    func register(on router: Router<FakturaRequestContext>, logger: Logger) {
        // Outermost, so the API's error answers carry the headers too.
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: RequestTelemetryMiddleware(metrics: metrics, logger: logger))
        router.add(middleware: ConsoleMiddleware())
        router.get("/health") { _, _ in
            Self.json(.object([("status", .string("ok")), ("version", .string(configuration.toolVersion))]))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: Self.openAPIDocument)))
        }
        router.get("/schemas/{name}") { _, context -> Response in
            let name = try context.parameters.require("name")
            guard let schema = Self.schemaDocuments[name] else {
                throw APIError(.notFound, MessageText("server.unknownSchema", ["name": .data("\(name.prefix(80))"), "schemas": .data("\(Self.schemaDocuments.keys.sorted().joined(separator: ", "))")]))
            }
            return Response(status: .ok, headers: [.contentType: "application/schema+json"], body: .init(byteBuffer: ByteBuffer(bytes: schema)))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        let v1 = router.group("/v1").add(middleware: TenantMiddleware(tokens: configuration.tokens))
        v1.post("/validate") { request, context in try await validate(request, context: context) }
        v1.post("/render") { request, context in try await render(request, context: context) }
        v1.post("/postings/check") { request, context in try await checkPosting(request, context: context) }
        v1.post("/archive") { request, context in try await archiveAdd(request, context: context) }
        v1.get("/archive/head") { request, context in try await archiveHead(request, context: context) }
        v1.post("/archive/verify") { request, context in try await archiveVerify(request, context: context) }
        v1.get("/archive/{posting}") { request, context in try await archiveShow(request, context: context) }
        v1.get("/archive/{posting}/bundle") { request, context in try await archiveBundle(request, context: context) }
        v1.post("/audits") { request, context in try await auditStart(request, context: context) }
        v1.get("/audits/{id}") { request, context in try await auditShow(request, context: context) }
        v1.get("/audits/{id}/report") { request, context in try await auditReport(request, context: context) }
        v1.get("/session") { request, context in try await session(request, context: context) }
        v1.get("/mappings") { request, context in try await mappings(request, context: context) }
        v1.get("/finding-codes") { request, context in try await findingCodes(request, context: context) }
        v1.get("/identifiers") { request, context in try await identifiers(request, context: context) }
        v1.get("/hs-codes/{code}") { request, context in try await hsCode(request, context: context) }
        v1.get("/vat-rates") { request, context in try await vatRates(request, context: context) }
        router.add(middleware: AllowedMethodsMiddleware(routes: router.routes))
    }

    /// A JSON response through the project's JSON writer; with a language, `Content-Language`
    /// names the language of its `localized` texts.
    static func json(_ value: JSONText, status: HTTPResponse.Status = .ok, language: Language? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let language { headers[.contentLanguage] = language.tag }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: value.data())))
    }

    /// The language a request asks its findings in (docs/languages.md): `?lang=` (one Faktura
    /// speaks, else 400), else the `Accept-Language` range of highest weight that Faktura
    /// speaks; nil when neither chooses one (English, and no `localized` members). An
    /// `Accept-Language` that prefers English chooses nothing, as an English locale does for
    /// the command line: an English client's answer stays as it always was.
    static func language(_ request: Request) throws -> Language? {
        if let lang = query(request, "lang") {
            guard let language = Language(matching: lang) else {
                let names = Language.available.map(\.tag).joined(separator: ", ")
                throw APIError(.badRequest, MessageText("server.unknownLanguage", ["language": .data("\(lang)"), "languages": .data("\(names)")]))
            }
            return language
        }
        return acceptedLanguage(request)
    }

    /// The language `Accept-Language` chooses (``language(_:)`` without `?lang=`).
    static func acceptedLanguage(_ request: Request) -> Language? {
        request.headers[.acceptLanguage].flatMap(Language.fromAcceptLanguage).flatMap { $0 == .english ? nil : $0 }
    }

    /// Reads the body under the size limit and the deadline.
    func collect(_ request: Request) async throws -> Data {
        let body = self.body
        return try await deadline.run(expired: APIError(.requestTimeout, MessageText("server.bodyTimeout", ["seconds": .data(deadline.seconds)]))) {
            try await body.collect(request)
        }
    }

    /// Runs engine work under the deadline, which goes with the work (``WorkDeadline``): a PDF
    /// reader still reading when it passes is killed, so the 408 is not held up by it.
    func engine<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let limit = deadline.limit
        return try await deadline.run(expired: APIError(.requestTimeout, MessageText("server.timeout", ["seconds": .data(Deadline.seconds(limit))]))) {
            try await WorkDeadline.$current.withValue(ContinuousClock.now + limit) {
                try await BlockingWork.run(work)
            }
        }
    }

    /// A query value that must be one of `known` when given.
    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }
}
