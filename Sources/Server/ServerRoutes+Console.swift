import Archive
import Foundation
import Hummingbird
import InvoiceModel
import Findings
import ERPAudit

/// The web console: `GET /` is its page, `GET /console/…` its files (``ConsoleAssets``). Served
/// beside the router rather than through it: the console's files are not routes of the API, and
/// docs/openapi.json names exactly those. Logged with the route `/console`.
struct ConsoleMiddleware: RouterMiddleware {
    typealias Context = FakturaRequestContext

    static let route = "/console"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, let asset = Self.asset(at: request.uri.path) else { return try await next(request, context) }
        context.coreContext.endpointPath.value = Self.route
        // Revalidated on each load: a newer binary's files are never mixed with an older page's.
        return Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    static func asset(at path: String) -> ConsoleAssets.Asset? {
        if path == "/" { return ConsoleAssets.byPath["index.html"] }
        guard path.hasPrefix("/console/") else { return nil }
        return ConsoleAssets.byPath[String(path.dropFirst("/console/".count))]
    }
}

extension ServerRoutes {
    /// `GET /v1/session`: the tenant the request's token names (the console shows whose data it is).
    func session(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        Self.json(.object([("tenant", .string(try requireTenant(context).rawValue)), ("version", .string(configuration.toolVersion))]))
    }

    /// `GET /v1/mappings`: the mapping presets, as `faktura audit --mappings` lists them.
    func mappings(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        Self.json(.array(ExportMappingPreset.allCases.map {
            .object([("name", .string($0.rawValue)), ("summary", .string($0.summary))])
        }))
    }

    /// `GET /v1/finding-codes`: every finding code with its meaning and fix, as `faktura explain` gives them.
    /// With a language (`?lang=`, `Accept-Language`), each code also has `"localized": {"language", "meaning", "fix"}`.
    func findingCodes(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let language = try Self.language(request)
        return Self.json(.array(FindingCode.allCases.map { code in
            let explanation = code.explanation
            var members: [(String, JSONText)] = [
                ("code", .string(code.rawValue)), ("severity", .string(explanation.defaultSeverity.rawValue)),
                ("meaning", .string(explanation.meaning)), ("fix", .string(explanation.fix)),
            ]
            if let language {
                let translated = code.explanation(in: language)
                members.append(("localized", .object([("language", .string(language.tag)), ("meaning", .string(translated.meaning)),
                                                      ("fix", .string(translated.fix))])))
            }
            return .object(members)
        }), language: language)
    }
}
