import ArgumentParser
import Foundation
import InvoiceModel
import PDFReading

/// The `faktura` command: render, validate, audit and archive marketplace invoices.
@main
struct Faktura: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faktura",
        abstract: LanguageChoice.catalogue.text("cli.abstract.faktura"),
        // In the run's language: --lang is read before the command line is parsed. What
        // swift-argument-parser writes itself (USAGE, OPTIONS, its own errors) stays English.
        discussion: LanguageChoice.catalogue.text("cli.discussion.faktura"),
        version: FakturaVersion.tool,
        subcommands: [Render.self, Validate.self, Audit.self, ArchiveCommand.self, Ozon.self, MailCommand.self, Serve.self, Explain.self, Id.self])

    /// Runs a command and maps failures onto docs/validation.md exit codes: usage errors and
    /// failures to run become 2 (ArgumentParser would use 64 or 1).
    static func main() async {
        // `FAKTURA_PDF_DIRECT=off`: every PDF to poppler, none read from its content streams
        // (to compare the two, or to measure). Asked only then: the pool starts nothing until used.
        if ProcessInfo.processInfo.environment["FAKTURA_PDF_DIRECT"] == "off" {
            PDFReaderPool.shared.readsContentStreams = false
        }
        if let problem = LanguageChoice.problem() {
            printError(problem)
            Foundation.exit(ExitStatus.couldNotRun.rawValue)
        }
        do {
            var command = try parseAsRoot(LanguageChoice.arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { Self.exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.couldNotRun.rawValue)
        }
    }
}

/// Versions printed by `--version` and carried in every JSON report.
enum FakturaVersion {
    static let tool = "0.1.0"
}

/// docs/validation.md exit statuses.
enum ExitStatus {
    static let clean = ExitCode(0)
    static let findings = ExitCode(1)
    static let couldNotRun = ExitCode(2)
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
