import Foundation
import Prometheus

/// The server's Prometheus metrics (docs/server.md): requests by route and status, request
/// latency, findings by code. One registry per server, so that tests can run several.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()

    /// Latency buckets: the targets are p99 < 50 ms, so the resolution is below and around it.
    private static let latencyBuckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500, 10000].map { .milliseconds($0) }

    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "faktura", metricName: "http_requests", unitName: "total",
                                             helpText: "HTTP requests by method, route pattern and status"),
            labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "faktura", metricName: "http_request_duration", unitName: "seconds",
                                             helpText: "Time from request head to response, by route pattern"),
            labels: [("route", route)], buckets: Self.latencyBuckets).record(duration)
    }

    /// Counts the findings of a validation or an audit by code and severity.
    func recordFindings(_ codes: [(code: String, severity: String)]) {
        for (code, severity) in codes {
            registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "faktura", metricName: "findings", unitName: "total",
                                                 helpText: "Findings reported, by code and severity"),
                labels: [("code", code), ("severity", severity)]).increment()
        }
    }

    /// The metrics in Prometheus text exposition format.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
