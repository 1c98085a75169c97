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
            discussion: LanguageChoice.help("cli.discussion.ozon.upload", ["maximumLength": .data(String(OzonLimits.maximumNumberLength)), "currencies": .data(OzonLimits.currencyList)]))

        enum Body: String, ExpressibleByArgument, CaseIterable { case upload, create }

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.posting")))
        var posting: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.url"), valueName: "url"))
        var url: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.number")))
        var number: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.date"), valueName: "yyyy-mm-dd"))
        var date: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.price")))
        var price: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.currency", ["currencies": .data(OzonLimits.currencyList)])))
        var currency: String?

        @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.hs"),
                                                                     valueName: "code=sku"))
        var hs: [String] = []

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.only")))
        var only: Body?

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.ozonUpload.file")))
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
