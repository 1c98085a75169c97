import ArgumentParser
import Archive
import Findings
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
        // swift-argument-parser writes itself (USAGE, OPTIONS, its own errors) is translated by
        // LocalizedParserOutput.
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
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(LanguageChoice.arguments)
        } catch {
            exit(afterParsing: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            // `faktura help SUBCOMMAND` asks for its help screen by throwing from run().
            if exitCode(for: error) == .success { exit(afterParsing: error) }
            printError(localized(error))
            Foundation.exit(ExitStatus.couldNotRun.rawValue)
        }
    }

    /// Ends a run whose command line did not parse, or asked for help: the help screen on
    /// standard output (status 0), a usage error on standard error (status 2), both in the run's
    /// language (`LocalizedParserOutput`).
    static func exit(afterParsing error: any Error) -> Never {
        let catalogue = LanguageChoice.catalogue
        let english = catalogue.language == .english
        if exitCode(for: error) == .success {
            if !english, let help = LocalizedParserOutput.help(fullMessage(for: error, columns: Int(Int32.max)), catalogue: catalogue,
                                                               width: LocalizedParserOutput.terminalWidth) {
                print(help)
                Foundation.exit(ExitStatus.clean.rawValue)
            }
            Self.exit(withError: error)
        }
        if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
        let full = fullMessage(for: error)
        if english {
            printError(full)
        } else {
            printError(LocalizedParserOutput.error(full: full, message: message(for: error),
                                                   translatesMessage: !LocalizedParserOutput.isOwnValidationError(error), catalogue: catalogue))
        }
        Foundation.exit(ExitStatus.couldNotRun.rawValue)
    }

    /// A run's error text in the run's language: an error with catalogue words (archive, render,
    /// mail) in that language; any other (a command's own `ValidationError`, already in the
    /// language, or a library's error, quoted) with the library's `Error:` and `Usage:` lines
    /// translated around it.
    static func localized(_ error: any Error) -> String {
        let catalogue = LanguageChoice.catalogue
        guard catalogue.language != .english else { return fullMessage(for: error) }
        if let error = error as? any CatalogueTextError {
            return catalogue.text("cli.parser.error", ["message": .text(error.text)])
        }
        return LocalizedParserOutput.error(full: fullMessage(for: error), message: message(for: error), translatesMessage: false,
                                           catalogue: catalogue)
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
