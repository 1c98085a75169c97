import FakturaXML
import Foundation
import Hummingbird
import InvoiceModel
import PDFRender
import Findings
import Validate

extension ServerRoutes {
    /// `POST /v1/render`: the invoice (JSON or XML) as a PDF through a built-in template
    /// (`?template=`; without it, chosen by the seller's country as `faktura render` does);
    /// 422 with the validation report when the invoice cannot be read.
    func render(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let kind = try InvoiceBodyKind.of(request, allowed: [.json, .xml])
        var chosen: InvoiceRenderer?
        if let name = Self.query(request, "template") {
            // Only the built-in templates: a template file path from a client is never opened.
            guard let renderer = renderers[name] else {
                throw APIError(.badRequest, "unknown template '\(name)'; known templates: \(TemplateCatalog.builtInNames.joined(separator: ", "))")
            }
            chosen = renderer
        }
        let data = try await collect(request)
        guard !data.isEmpty else { throw APIError(.badRequest, "the request body is empty; send the invoice (JSON or XML)") }
        let renderers = self.renderers
        let fixed = chosen
        let toolVersion = configuration.toolVersion
        let outcome: RenderOutcome = try await engine {
            let invoice: Invoice
            do {
                invoice = try InvoiceInput.decode(data, source: kind.sourceName)
            } catch {
                // The same findings `faktura validate` gives for a body that does not decode.
                let document = InvoiceValidator().validate(data: data, source: kind.sourceName)
                return .unreadable(ValidationReport(tool: ReportTool(version: toolVersion), documents: [document]))
            }
            let renderer = fixed ?? renderers[TemplateCatalog.defaultTemplateName(for: invoice)]!
            do {
                return .rendered(try renderer.render(invoice))
            } catch {
                throw APIError(.internalError, "the invoice could not be rendered: \(error)")
            }
        }
        switch outcome {
        case .rendered(let pdf):
            return Response(status: .ok, headers: [.contentType: "application/pdf"], body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        case .unreadable(let report):
            metrics.recordFindings(report.documents.flatMap(\.findings).map { ($0.code.rawValue, $0.severity.rawValue) })
            return Self.json(report.json, status: .unprocessableContent)
        }
    }

    private enum RenderOutcome: Sendable {
        case rendered(Data)
        case unreadable(ValidationReport)
    }
}
