import ArgumentParser
import Foundation
import InvoiceModel
import Validate
#if canImport(Glibc)
import Glibc
#endif

extension Faktura {
    /// `faktura audit`: check an ERP export's postings and their invoice attachments.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Audit an ERP export: every posting that needs an invoice must carry a readable PDF that agrees with the order.",
            discussion: """
                EXPORT is CSV (',' ';' or tab separated, UTF-8 or Windows-1251), JSON (an array, JSON Lines, \
                or Ozon's {"result":{"postings":[...]}} with an invoice object per posting) or XML \
                (<export><row>...</row></export>). Canonical columns: \
                \(ExportColumn.allCases.map(\.rawValue).joined(separator: ", ")). A mapping file (--mapping, \
                YAML or JSON, see examples/mappings/) renames your own headers and status values onto them.

                Postings with status awaiting_payment or cancelled (and any --skip-status) need no invoice \
                and are reported as skipped. invoice_file is relative to --attachments (default: the \
                export's folder); a path leaving that folder is refused, never opened.

                Exit status: 0 when no finding is an error (with --strict: no warning either), 1 when some \
                are, 2 when the audit could not run (usage, an unreadable export, mapping, HS table or folder).
                """)

        @Argument(help: "The export file (CSV, JSON or XML).")
        var export: String

        @Option(name: .long, help: "Folder the invoice_file paths are relative to. Default: the export's folder.")
        var attachments: String?

        @Option(name: .long, help: "Mapping file (YAML or JSON) renaming your columns and statuses onto the canonical ones.")
        var mapping: String?

        @Option(name: .customLong("hs-table"), help: "CSV of HS subheadings to check codes against.")
        var hsTable: String?

        @Option(name: .long, help: "Report format: text, json, junit or html.")
        var format: String = "text"

        @Option(name: .long, help: "Write the report to FILE instead of standard output (never the export or an attachment).")
        var output: String?

        @Option(name: .customLong("skip-status"), help: "A status that needs no invoice, besides awaiting_payment and cancelled (repeatable).")
        var skipStatus: [String] = []

        @Option(name: .long, help: "Attachments checked in parallel. Default: all cores.")
        var jobs: Int?

        @Flag(name: .long, help: "Treat warnings as failures.")
        var strict = false

        func validate() throws {
            guard AuditReport.Format(rawValue: format) != nil else {
                throw ValidationError("Unknown format '\(format)'. Use one of: \(AuditReport.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        }

        func run() async throws {
            let exportURL = URL(fileURLWithPath: export)
            var options = ExportAudit.Options(extraSkippedStatuses: Set(skipStatus), jobs: jobs, strict: strict)
            options.attachments = attachments.map { URL(fileURLWithPath: $0) }
            if let mapping {
                do {
                    options.mapping = try ExportMapping(contentsOf: URL(fileURLWithPath: mapping))
                } catch {
                    printError("faktura audit: \(error.description)")
                    throw ExitStatus.couldNotRun
                }
            }
            if let hsTable {
                do {
                    options.hsTable = try HSNomenclature(contentsOf: URL(fileURLWithPath: hsTable))
                } catch {
                    printError("faktura audit: cannot load the HS table \(hsTable): \(error.description)")
                    throw ExitStatus.couldNotRun
                }
            }
            if let output, let reason = Self.refusal(output: output, export: exportURL, attachments: options.attachments) {
                printError("faktura audit: will not write the report to \(output): \(reason)")
                throw ExitStatus.couldNotRun
            }
            let audit = ExportAudit(options: options, tool: ReportTool(version: FakturaVersion.tool))
            let bar = isatty(2) == 1 ? ProgressBar() : nil
            var callback: (@Sendable (ExportAudit.Progress) -> Void)?
            if let bar { callback = { @Sendable progress in bar.show(progress) } }
            let report: AuditReport
            do throws(AuditError) {
                report = try await audit.run(export: exportURL, progress: callback)
            } catch {
                bar?.clear()
                printError("faktura audit: \(error.description)")
                throw ExitStatus.couldNotRun
            }
            bar?.clear()
            let data = report.rendered(as: AuditReport.Format(rawValue: format)!)
            if let output {
                do {
                    try data.write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    printError("faktura audit: cannot write \(output): \((error as NSError).localizedDescription)")
                    throw ExitStatus.couldNotRun
                }
            } else {
                FileHandle.standardOutput.write(data)
            }
            if report.hasFailures { throw ExitStatus.findings }
        }

        /// Why `output` must not be written: it is the export, or it looks like an attachment.
        static func refusal(output: String, export: URL, attachments: URL?) -> String? {
            let target = URL(fileURLWithPath: output).resolvingSymlinksInPath().standardizedFileURL.path
            if target == export.resolvingSymlinksInPath().standardizedFileURL.path { return "it is the export being audited" }
            guard FileManager.default.fileExists(atPath: target) else { return nil }
            if let head = FileHandle(forReadingAtPath: target).flatMap({ try? $0.read(upToCount: 5) }), head == Data("%PDF-".utf8) {
                return "it is a PDF (an invoice attachment?)"
            }
            let folder = (attachments ?? export.deletingLastPathComponent()).resolvingSymlinksInPath().standardizedFileURL.path
            if target.hasPrefix(folder + "/"), URL(fileURLWithPath: target).pathExtension.lowercased() == "pdf" {
                return "it is a PDF in the attachments folder"
            }
            return nil
        }
    }
}

/// One line on standard error, redrawn in place while the audit runs.
private final class ProgressBar: Sendable {
    func show(_ progress: ExportAudit.Progress) {
        let line: String
        switch progress {
        case .reading(let rows):
            line = "reading: \(rows) rows"
        case .checking(let done, let total):
            let width = 30
            let filled = total == 0 ? width : width * done / total
            line = "checking attachments [\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done)/\(total)"
        }
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
