import FakturaXML
import Foundation
import Hummingbird
import HTTPTypes
import InvoiceModel
import PDFRender
import Findings
import UPD
import Validate

extension ServerRoutes {
    /// `POST /v1/render`: the invoice (JSON or XML) validated, then rendered as a PDF through a
    /// built-in template (`?template=`; without it, chosen by the seller's country as `faktura
    /// render` does). The verdict travels in the `Faktura-Validation` and `Faktura-Findings`
    /// headers; with `?strict=true` an invoice that fails gets 422 and its validation report
    /// instead of a PDF, as does one that cannot be read.
    func render(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let kind = try InvoiceBodyKind.of(request, allowed: [.json, .xml])
        let strict: Bool
        switch Self.query(request, "strict") {
        case nil, "false": strict = false
        case "true": strict = true
        case let other?: throw APIError(.badRequest, MessageText("server.render.strict", ["value": .data("\(other)")]))
        }
        let upd = try Self.updOptions(request)
        var chosen: InvoiceRenderer?
        if let name = Self.query(request, "template") {
            // Only the built-in templates: a template file path from a client is never opened.
            guard let renderer = renderers[name] else {
                throw APIError(.badRequest, MessageText("server.render.unknownTemplate", ["template": .data("\(name)"), "templates": .data("\(TemplateCatalog.builtInNames.joined(separator: ", "))")]))
            }
            chosen = renderer
        }
        let data = try await collect(request)
        guard !data.isEmpty else { throw APIError(.badRequest, MessageText("server.render.emptyBody")) }
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
            // The same findings and verdict as `faktura render` (with --strict, warnings fail too).
            let document = DocumentReport(file: kind.sourceName, findings: InvoiceValidator().validate(invoice), strict: strict)
            if strict && document.status == .failed {
                return .refused(ValidationReport(tool: ReportTool(version: toolVersion), documents: [document]))
            }
            if let upd {
                do {
                    let file = try UPDWriter.write(invoice, options: upd)
                    return .upd(name: file.name, bytes: file.bytes, document)
                } catch {
                    throw APIError(.badRequest, MessageText("server.render.notUPD", ["englishDetail": .data("\(error)")]))
                }
            }
            let renderer = fixed ?? renderers[TemplateCatalog.defaultTemplateName(for: invoice)]!
            do {
                return .rendered(try renderer.render(invoice), document)
            } catch {
                throw APIError(.internalError, MessageText("server.render.failed", ["englishDetail": .data("\(error)")]))
            }
        }
        switch outcome {
        case let .rendered(pdf, document):
            metrics.recordFindings(document.findings.map { ($0.code.rawValue, $0.severity.rawValue) })
            var headers: HTTPFields = [.contentType: "application/pdf"]
            headers[Self.validationHeader] = document.status.rawValue
            headers[Self.findingsHeader] = Self.findingsHeaderValue(document.findings)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        case let .upd(name, bytes, document):
            metrics.recordFindings(document.findings.map { ($0.code.rawValue, $0.severity.rawValue) })
            var headers: HTTPFields = [.contentType: "application/xml; charset=windows-1251",
                                       .contentDisposition: "attachment; filename=\"\(name).xml\""]
            headers[Self.validationHeader] = document.status.rawValue
            headers[Self.findingsHeader] = Self.findingsHeaderValue(document.findings)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .unreadable(let report), .refused(let report):
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
        case let other?: throw APIError(.badRequest, MessageText("server.render.unknownFormat", ["format": .data("\(other)")]))
        }
        let function: UPDWriter.Function
        switch query(request, "function") {
        case nil, "СЧФДОП": function = .invoiceAndTransfer
        case "СЧФ": function = .invoice
        case let other?: throw APIError(.badRequest, MessageText("server.render.unknownFunction", ["function": .data("\(other)")]))
        }
        var signer: UPDSigner?
        if let name = query(request, "signer") {
            guard let parsed = UPDSigner(fullName: name, position: query(request, "signerPosition")) else {
                throw APIError(.badRequest, MessageText("server.render.signer", ["signer": .data("\(name)")]))
            }
            signer = parsed
        }
        return UPDWriter.Options(function: function, signer: signer)
    }

    private enum RenderOutcome: Sendable {
        case rendered(Data, DocumentReport)
        case upd(name: String, bytes: Data, DocumentReport)
        case unreadable(ValidationReport)
        case refused(ValidationReport)
    }

    /// `ok` or `failed`: the invoice's validation status (docs/server.md).
    static let validationHeader = HTTPField.Name("Faktura-Validation")!
    /// The findings as `severity CODE field`, comma-separated (empty when there are none).
    static let findingsHeader = HTTPField.Name("Faktura-Findings")!

    /// The findings for the header: ASCII only (codes, severities and JSON paths are), at most
    /// 50 of them, the rest counted; the messages are in the report `/v1/validate` gives.
    static func findingsHeaderValue(_ findings: [Finding]) -> String {
        var parts = findings.prefix(50).map { finding in
            [finding.severity.rawValue, finding.code.rawValue, finding.field?.description].compactMap { $0 }.joined(separator: " ")
                .filter { $0.isASCII && !$0.isNewline && $0 != "," }
        }
        if findings.count > 50 { parts.append("and \(findings.count - 50) more") }
        return parts.joined(separator: ", ")
    }
}
