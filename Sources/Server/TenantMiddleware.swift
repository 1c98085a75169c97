import Findings
import Archive
import Hummingbird

/// Names the tenant of each `/v1` request: from its `Authorization: Bearer TOKEN` when the
/// server has tokens (401 otherwise), `default` when it has none. The token itself goes no
/// further than this lookup: it is never logged nor kept in the context.
struct TenantMiddleware: RouterMiddleware {
    typealias Context = FakturaRequestContext
    let tokens: TokenTable?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let tokens {
            guard let header = request.headers[.authorization] else {
                throw APIError(.unauthorized, MessageText("server.auth.missing"))
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError(.unauthorized, MessageText("server.auth.notBearer"))
            }
            guard let tenant = tokens.tenant(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
                throw APIError(.unauthorized, MessageText("server.auth.unknownToken"))
            }
            context.tenantSlot.value = tenant
        } else {
            context.tenantSlot.value = .default
        }
        return try await next(request, context)
    }
}
