import Findings
import Foundation
import Hummingbird
import InvoiceModel

extension ServerRoutes {
    /// `GET /v1/identifiers?value=V[&scheme=S]`: the value checked as `faktura id --format json`
    /// checks it: under the scheme, or against every scheme (the console's live tax-id check).
    func identifiers(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        guard let value = Self.query(request, "value"), !value.isEmpty, value.count <= 64 else {
            throw APIError(.badRequest, MessageText("server.codes.giveValue"))
        }
        let checks: [IdentifierCheck]
        if let name = Self.query(request, "scheme") {
            guard let scheme = TaxIdentifiers.scheme(named: name) else {
                throw APIError(.badRequest, MessageText("server.codes.unknownScheme", ["scheme": .data("\(name.prefix(40))"), "schemes": .data("\(TaxIdentifiers.schemes.map { $0.name }.joined(separator: ", "))")]))
            }
            checks = [TaxIdentifiers.check(value, scheme: scheme)]
        } else {
            checks = TaxIdentifiers.identify(value)
        }
        return Self.json(.array(checks.map(\.json)))
    }

    /// `GET /v1/hs-codes/{code}`: whether the text is a customs tariff code (6, 8 or 10 digits of
    /// a chapter that classifies goods), with the finding code a validation would give it.
    func hsCode(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        let text = try context.parameters.require("code")
        do throws(HSCodeError) {
            let code = try HSCode.parse(text)
            return Self.json(.object([("value", .string(text)), ("valid", .bool(true)), ("code", .string(code.digits)),
                                      ("chapter", .string(code.chapter))]))
        } catch {
            return Self.json(.object([("value", .string(text)), ("valid", .bool(false)), ("finding", .string(error.findingCode)),
                                      ("message", .string(error.description))]))
        }
    }

    /// `GET /v1/vat-rates?date=YYYY-MM-DD[&jurisdiction=RU]`: the VAT rates in force on the day
    /// (the table of `VAT_RATE_INVALID`), for the console's rate list.
    func vatRates(_ request: Request, context: FakturaRequestContext) async throws -> Response {
        guard let text = Self.query(request, "date"), let date = LocalDate(iso: text) else {
            throw APIError(.badRequest, MessageText("server.codes.giveDate"))
        }
        let jurisdiction = (Self.query(request, "jurisdiction") ?? "RU").uppercased()
        guard VATRateTable.standard.covers(jurisdiction) else {
            throw APIError(.badRequest, MessageText("server.codes.noRates", ["jurisdiction": .data("\(jurisdiction.prefix(8))")]))
        }
        let rates = VATRateTable.standard.rates(in: jurisdiction, on: date)
        return Self.json(.object([("jurisdiction", .string(jurisdiction)), ("date", .string(text)),
                                  ("rates", .array(rates.map { .string($0.text) })), ("table", .string(VATRateTable.standardVersion))]))
    }
}
