import FakturaXML
import Foundation
import Hummingbird
import InvoiceModel
import PDFRender
import Findings
import UPD
import Validate

extension ServerRoutes {
    /// `POST /v1/render`: the invoice (JSON or XML) as a PDF through a built-in template
    /// (`?template=`; without it, chosen by the seller's country as `faktura render` does);
    /// 422 with the validation report when the invoice cannot be read.
    func render(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let kind = try InvoiceBodyKind.of(request, allowed: [.json, .xml])
        let upd = try Self.updOptions(request)
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
            if let upd {
                do {
                    let file = try UPDWriter.write(invoice, options: upd)
                    return .upd(name: file.name, bytes: file.bytes)
                } catch {
                    throw APIError(.badRequest, "the invoice cannot be written as a UPD: \(error)")
                }
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
        case let .upd(name, bytes):
            return Response(status: .ok, headers: [.contentType: "application/xml; charset=windows-1251",
                                                   .contentDisposition: "attachment; filename=\"\(name).xml\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .unreadable(let report):
            metrics.recordFindings(report.documents.flatMap(\.findings).map { ($0.code.rawValue, $0.severity.rawValue) })
            return Self.json(report.json, status: .unprocessableContent)
        }
    }

    /// `?format=upd` (with `function`, `signer`, `signerPosition`): the tax service's UPD
    /// instead of a PDF (docs/upd.md); nil for a PDF.
    private static func updOptions(_ request: Request) throws -> UPDWriter.Options? {
        switch query(request, "format") {
        case nil, "pdf": return nil
        case "upd": break
        case let other?: throw APIError(.badRequest, "unknown format '\(other)'; known formats: pdf, upd")
        }
        let function: UPDWriter.Function
        switch query(request, "function") {
        case nil, "СЧФДОП": function = .invoiceAndTransfer
        case "СЧФ": function = .invoice
        case let other?: throw APIError(.badRequest, "unknown UPD function '\(other)'; write СЧФДОП or СЧФ")
        }
        var signer: UPDSigner?
        if let name = query(request, "signer") {
            guard let parsed = UPDSigner(fullName: name, position: query(request, "signerPosition")) else {
                throw APIError(.badRequest, "signer '\(name)': give the surname, the given name and, if any, the patronymic")
            }
            signer = parsed
        }
        return UPDWriter.Options(function: function, signer: signer)
    }

    private enum RenderOutcome: Sendable {
        case rendered(Data)
        case upd(name: String, bytes: Data)
        case unreadable(ValidationReport)
    }
}
