import Foundation
import Hummingbird
import Logging

/// The outermost middleware: turns every error into the API's JSON error body and records one log line and the metrics per request:
/// method, route pattern (never the raw path: it may carry posting numbers), status, time in
/// milliseconds and tenant. No bodies, no headers, no query values.
struct RequestTelemetryMiddleware: RouterMiddleware {
    typealias Context = FakturaRequestContext

    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.code == .internalError {
                logger.error("request failed", metadata: ["route": .string(context.endpointPath ?? "unmatched"), "error": .string("\(error)")])
            }
            response = try apiError.response(from: request, context: context)
        }
        let elapsed = clock.now - start
        // Hummingbird names an unmatched request "NotFound"; a route pattern starts with "/".
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "route": .string(route),
            "status": .stringConvertible(response.status.code), "ms": .string(String(format: "%.2f", milliseconds)),
            "tenant": .string(context.tenant?.rawValue ?? "-"),
        ])
        return response
    }
}
