import ArgumentParser
import Foundation
import Mail
import Findings
import ERPAudit

extension Faktura {
    /// `faktura mail`: order e-mails as the source of lost invoice PDFs.
    struct MailCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mail",
            abstract: LanguageChoice.catalogue.text("cli.abstract.mail"),
            subcommands: [Scan.self])
    }
}

extension Faktura.MailCommand {
    /// `faktura mail scan`: one library call (``MailScan``), then the report.
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: LanguageChoice.catalogue.text("cli.abstract.mail.scan"),
            discussion: """
                MAILBOX is an .eml file, an mbox file, a Maildir (cur/, new/) or a folder of .eml files. \
                Posting numbers are found in subjects, bodies and attachment names; a PDF is an \
                application/pdf attachment, or application/octet-stream named .pdf or starting %PDF-.

                With --export (\(ExportFormat.allCases.map { $0.rawValue.uppercased() }.joined(separator: ", ")), read as `faktura audit` \
                reads it, with the same options), each posting that needs an invoice is in-export (its attachment is fine), \
                recoverable (the mail has a readable PDF naming it) or missing. --extract DIR writes each \
                recoverable PDF as DIR/<posting>.pdf (never overwriting) and DIR/<export>.recovered.csv, \
                which `faktura audit` accepts as it is. --archive STORE adds each PDF with its message as the \
                receipt. DKIM is checked offline against --dkim-keys (lines \
                `selector._domainkey.domain  v=DKIM1; k=rsa; p=...`), never DNS.

                Exit status: 0 when no finding is an error, 1 when some are, 2 when the scan could not run.
                """)

        @Argument(help: "Mailboxes: .eml files, mbox files, Maildirs, folders of .eml.")
        var mailboxes: [String]

        @Option(name: .long, help: "ERP export (\(ExportFormat.allCases.map { $0.rawValue.uppercased() }.joined(separator: ", "))) to join with the mail, read as `faktura audit` reads it.")
        var export: String?

        @OptionGroup(title: "Reading the export (as for faktura audit)")
        var exportReading: ExportReadingOptions

        @Option(name: .long, help: "Write recoverable PDFs and the amended export into this folder (needs --export).")
        var extract: String?

        @Option(name: .long, help: "Evidence store to add each PDF to, with its message as the receipt.")
        var archive: String?

        @Option(name: .customLong("dkim-keys"), help: "DKIM key records, one `selector._domainkey.domain  v=DKIM1; ...` per line.")
        var dkimKeys: String?

        @Option(name: .long, help: "Report format: text or json.")
        var format: String = "text"

        func validate() throws {
            guard MailScanReport.Format(rawValue: format) != nil else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.unknownFormat", ["format": .data(format), "formats": .data(MailScanReport.Format.allCases.map(\.rawValue).joined(separator: ", "))]))
            }
            if extract != nil, export == nil { throw ValidationError(LanguageChoice.catalogue.text("cli.extractNeedsExport")) }
            if exportReading.anyGiven, export == nil {
                throw ValidationError(LanguageChoice.catalogue.text("cli.exportOptions"))
            }
        }

        func run() async throws {
            var options = MailScan.Options(mailboxes: mailboxes)
            options.export = export.map { URL(fileURLWithPath: $0) }
            options.extract = extract.map { URL(fileURLWithPath: $0) }
            options.archive = archive.map { URL(fileURLWithPath: $0) }
            options.dkimKeys = dkimKeys
            do {
                try exportReading.apply(to: &options.audit)
            } catch {
                printError("faktura mail scan: \(error.description)")
                throw ExitStatus.couldNotRun
            }
            let report: MailScanReport
            do throws(MailError) {
                report = try await MailScan(options: options, tool: ReportTool(version: FakturaVersion.tool)).run()
            } catch {
                printError("faktura mail scan: " + LanguageChoice.catalogue.text(error.text.key, error.text.arguments))
                throw ExitStatus.couldNotRun
            }
            FileHandle.standardOutput.write(report.rendered(as: MailScanReport.Format(rawValue: format)!, in: LanguageChoice.chosen))
            if report.hasErrors { throw ExitStatus.findings }
        }
    }
}
