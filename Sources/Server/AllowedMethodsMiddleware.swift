import Findings
import Hummingbird

/// Answers 405 with an `Allow` header, instead of 404, when the path is one of the server's
/// routes but the method is not: a client that sent GET where POST belongs learns that.
/// Added last, so it sits next to the router and sees its "no such route" first.
struct AllowedMethodsMiddleware: RouterMiddleware {
    typealias Context = FakturaRequestContext

    /// Each route's method and path segments: a literal, or nil where a parameter matches any one segment.
    let routes: [(method: HTTPRequest.Method, segments: [String?])]

    init(routes: [Router<Context>.RouteDescription]) {
        self.routes = routes.map { route in
            // A component prints as its literal text, or with `{name}` / `*` where it captures.
            (route.method, route.path.components.map { component -> String? in
                let text = component.description
                return text.contains("{") || text.contains("*") ? nil : text
            })
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path.split(separator: "/")
            let matching = routes.filter { route in
                route.segments.count == path.count
                    && zip(route.segments, path).allSatisfy { literal, segment in literal.map { $0 == segment } ?? true }
            }
            // The router prefers a literal segment to a parameter (`/v1/archive/verify` is not a
            // posting called "verify"), so only the most literal matches speak for the path.
            let literals = { (route: (method: HTTPRequest.Method, segments: [String?])) in route.segments.count { $0 != nil } }
            let most = matching.map(literals).max() ?? 0
            let allowed = matching.filter { literals($0) == most }.map(\.method.rawValue)
            guard !allowed.isEmpty else { throw error }
            let refusal = APIError(.methodNotAllowed, MessageText("server.methodNotAllowed", ["path": .data("\(request.uri.path)"), "method": .data("\(request.method.rawValue)"), "methods": .data("\(allowed.sorted().joined(separator: ", "))")]))
            var response = try refusal.response(from: request, context: context)
            response.headers[.allow] = Set(allowed).sorted().joined(separator: ", ")
            return response
        }
    }
}
