import HTTPTypes
import Hummingbird

/// Headers on every answer that keep the console's pages safe with hostile uploads
/// (docs/server.md): scripts only from the server's own files, never inline, so a PDF's words or a
/// posting number that reach a page cannot run; no framing by other sites; no type sniffing.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = FakturaRequestContext

    /// `blob:` frames and images: a rendered PDF is shown from a blob the page made of the answer.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
        + "connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    private static let frameOptions = HTTPField.Name("X-Frame-Options")!
    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "no-referrer"
        return response
    }
}
