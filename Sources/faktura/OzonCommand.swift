import ArgumentParser
import Validate
import Findings
import Foundation
import InvoiceModel

extension Faktura {
    /// `faktura ozon`: Ozon Seller API helpers (offline).
    struct Ozon: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.ozon"),
            subcommands: [Payload.self])
    }
}

extension Faktura.Ozon {
    /// `faktura ozon payload PDF`: the upload request bodies.
    struct Payload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.ozon.upload"),
            discussion: """
                Prints {"/v1/invoice/file/upload": {base64_content, posting_number}, \
                "/v2/invoice/create-or-update": {posting_number, date, number, price, price_currency, hs_codes, url}} \
                (or one body with --only). A Faktura PDF supplies everything but the URL from its embedded \
                invoice.xml; options fill in or replace fields. What Ozon would refuse (a file over 10 MB or \
                not PDF/JPEG, a number over \(OzonLimits.maximumNumberLength) characters or with other than letters, digits and - / _ ., \
                a price with more than two decimals, a currency other than \
                \(OzonLimits.currencyList)) is refused with exit status 1. \
                No network call is made.
                """)

        enum Body: String, ExpressibleByArgument, CaseIterable { case upload, create }

        @Option(name: .long, help: "The posting number (required unless the PDF names it).")
        var posting: String?

        @Option(name: .long, help: ArgumentHelp("Where the file will be reachable, for create-or-update.", valueName: "url"))
        var url: String?

        @Option(name: .long, help: "The invoice number.")
        var number: String?

        @Option(name: .long, help: ArgumentHelp("The invoice date.", valueName: "yyyy-mm-dd"))
        var date: String?

        @Option(name: .long, help: "The invoice total, at most two decimals.")
        var price: String?

        @Option(name: .long, help: "The currency: \(OzonLimits.currencyList).")
        var currency: String?

        @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("An HS code of an Ozon SKU (repeat per SKU); replaces the PDF's.",
                                                                     valueName: "code=sku"))
        var hs: [String] = []

        @Option(name: .long, help: "Print only one body: upload or create.")
        var only: Body?

        @Argument(help: "The invoice file (PDF, or JPEG with the fields given as options).")
        var file: String

        func validate() throws {
            for item in hs where item.split(separator: "=").count != 2 {
                throw ValidationError(LanguageChoice.catalogue.text("cli.hsPair", ["item": .data(item)]))
            }
        }

        func run() throws {
            let hsCodes = hs.isEmpty ? nil : hs.map { item -> OzonInvoicePayload.HSCodeItem in
                let parts = item.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                return OzonInvoicePayload.HSCodeItem(code: parts[0], sku: parts[1])
            }
            let fields = OzonInvoicePayload.Fields(posting: posting, number: number, date: date, price: price,
                                                   currency: currency, hsCodes: hsCodes, url: url)
            let payload: OzonInvoicePayload
            do {
                payload = try OzonInvoicePayload(fileAt: URL(fileURLWithPath: file), fields: fields)
            } catch {
                printError(error.description)
                throw ExitStatus.findings
            }
            switch only {
            case nil: print(payload.bodies.rendered())
            case .upload: print(payload.uploadBody.rendered())
            case .create: print(payload.createOrUpdateBody.rendered())
            }
            if url == nil {
                printError("note: 'url' is a placeholder (\(OzonInvoicePayload.placeholderURL)); give --url once the file is hosted")
            }
        }
    }
}
