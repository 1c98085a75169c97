import ArgumentParser
import Foundation
import FakturaXML
import Findings
import InvoiceModel
import UPD

/// What `faktura render` writes.
enum RenderFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case pdf, upd
}

/// The options of `faktura render --format upd` (docs/upd.md).
struct UPDRenderArguments: ParsableArguments {
    @Option(name: .customLong("upd-function"),
            help: ArgumentHelp(LanguageChoice.help("cli.help.renderUPD.function")))
    var function: String?

    @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.renderUPD.signer")))
    var signer: String?

    @Option(name: .customLong("signer-position"), help: ArgumentHelp(LanguageChoice.help("cli.help.renderUPD.signerPosition")))
    var signerPosition: String?

    @Option(name: .customLong("upd-sender"), help: ArgumentHelp(LanguageChoice.help("cli.help.renderUPD.sender")))
    var sender: String?

    @Option(name: .customLong("upd-recipient"), help: ArgumentHelp(LanguageChoice.help("cli.help.renderUPD.recipient")))
    var recipient: String?

    /// The writer's options, or a usage error naming what is missing or wrong.
    func options() throws -> UPDRenderOptions {
        let chosen: UPDWriter.Function
        switch function?.lowercased() {
        case nil, "счфдоп", "schfdop": chosen = .invoiceAndTransfer
        case "счф", "schf": chosen = .invoice
        default:
            throw ValidationError(LanguageChoice.catalogue.text("cli.updFunction", ["function": .data(function ?? "")]))
        }
        var person: UPDSigner?
        if let signer {
            guard let parsed = UPDSigner(fullName: signer, position: signerPosition) else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.signerName", ["signer": .data(signer)]))
            }
            person = parsed
        }
        return UPDRenderOptions(function: chosen, signer: person, sender: sender, recipient: recipient)
    }
}

struct UPDRenderOptions: Sendable {
    let function: UPDWriter.Function
    /// nil: each invoice's own signer.
    let signer: UPDSigner?
    let sender: String?
    let recipient: String?
}

/// A UPD given to `faktura render` that could not be read into an invoice, with its findings.
struct UPDReadFailure: Error, CustomStringConvertible {
    let source: String
    let findings: [Finding]

    var description: String {
        (["\(source): cannot read the UPD into an invoice:"] + findings.map { "  \($0)" }).joined(separator: "\n")
    }
}

extension TemplateChoice {
    /// No templates: `--format upd` draws nothing, so it needs no template folder.
    init(forUPD: Void) {
        fixed = nil
        builtIn = [:]
    }
}

extension Faktura.Render {
    /// The invoice of an input: JSON or Faktura's XML, or the tax service's UPD (read as
    /// `faktura validate` reads it; a UPD that breaks the schema or its rules but can be read
    /// is rendered: `validate` is where its findings are reported).
    static func decodeInvoice(_ data: Data, source: String) throws -> Invoice {
        guard InvoiceInput.format(of: data) != .json, UPDCheck.looksLikeUPD(data) else {
            return try InvoiceInput.decode(data, source: source)
        }
        let result = UPDCheck.check(data, source: source)
        guard let invoice = result.invoice else { throw UPDReadFailure(source: source, findings: result.findings) }
        return invoice
    }

    /// Writes one invoice as a UPD named by its `ИдФайл` (plus `.xml`), into the folder the PDF
    /// would have gone to, or to standard output.
    static func writeUPD(_ invoice: Invoice, job: RenderJob, options: UPDRenderOptions,
                         files: OutputFiles) throws -> RenderOutcome {
        let file = try UPDWriter.write(invoice, options: UPDWriter.Options(
            function: options.function, signer: options.signer, senderID: options.sender,
            recipientID: options.recipient, program: "Faktura \(FakturaVersion.tool)"))
        if let output = job.output {
            let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
            try files.write(file.bytes, to: folder.appendingPathComponent(file.name + ".xml").path)
        } else {
            FileHandle.standardOutput.write(file.bytes)
        }
        return RenderOutcome(problem: nil)
    }
}
