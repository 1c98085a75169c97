import Foundation
import Hummingbird
import InvoiceModel
import Findings
import Validate

extension ServerRoutes {
    /// `POST /v1/validate`: the invoice (JSON, XML or PDF) checked as `faktura validate` checks
    /// it; 200 with the report when no finding is an error, 422 with it when some are.
    func validate(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let kind = try InvoiceBodyKind.of(request, allowed: [.json, .xml, .pdf])
        let language = try Self.language(request)
        var profile: ValidationProfile?
        if let name = Self.query(request, "profile") {
            guard let known = ValidationProfile(name: name) else {
                let names = ValidationProfile.allCases.map { $0.rawValue }.joined(separator: ", ")
                throw APIError(.badRequest, MessageText("server.validate.unknownProfile", ["profile": .data("\(name)"), "profiles": .data("\(names)")]))
            }
            profile = known
        }
        let data = try await collect(request)
        guard !data.isEmpty else { throw APIError(.badRequest, MessageText("server.validate.emptyBody")) }
        let validator = InvoiceValidator(profile: profile)
        let document = try await engine { validator.validate(data: data, source: kind.sourceName) }
        metrics.recordFindings(document.findings.map { ($0.code.rawValue, $0.severity.rawValue) })
        let report = ValidationReport(tool: ReportTool(version: configuration.toolVersion), documents: [document])
        return Self.json(report.json(in: language), status: report.hasFailures ? .unprocessableContent : .ok, language: language)
    }
}
