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
            discussion: LanguageChoice.help("cli.discussion.mail.scan", ["formats": .data(ExportFormat.allCases.map { $0.rawValue.uppercased() }.joined(separator: ", "))]))

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.mailScan.mailboxes")))
        var mailboxes: [String]

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.mailScan.export", ["formats": .data(ExportFormat.allCases.map { $0.rawValue.uppercased() }.joined(separator: ", "))])))
        var export: String?

        @OptionGroup(title: LanguageChoice.help("cli.help.mailScan.exportGroup"))
        var exportReading: ExportReadingOptions

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.mailScan.extract")))
        var extract: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.mailScan.archive")))
        var archive: String?

        @Option(name: .customLong("dkim-keys"), help: ArgumentHelp(LanguageChoice.help("cli.help.mailScan.dkimKeys")))
        var dkimKeys: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.mailScan.format")))
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
