import ArgumentParser
import Foundation
import InvoiceModel
import Findings
import ERPAudit
#if canImport(Glibc)
import Glibc
#endif

extension Faktura {
    /// `faktura audit`: check an ERP export's postings and their invoice attachments.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: LanguageChoice.catalogue.text("cli.abstract.audit"),
            discussion: LanguageChoice.help("cli.discussion.audit", ["columns": .data(ExportColumn.allCases.map(\.rawValue).joined(separator: ", "))]))

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.audit.export")))
        var export: String?

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.audit.mappings")))
        var mappings = false

        @OptionGroup var exportReading: ExportReadingOptions

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.audit.summary")))
        var summary = false

        @Option(name: .customLong("hs-table"), help: ArgumentHelp(LanguageChoice.help("cli.help.audit.hsTable")))
        var hsTable: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.audit.format")))
        var format: String = "text"

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.audit.output")))
        var output: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.audit.jobs")))
        var jobs: Int?

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.strict")))
        var strict = false

        func validate() throws {
            guard AuditReport.Format(rawValue: format) != nil else {
                throw ValidationError(LanguageChoice.catalogue.text("cli.unknownFormat", ["format": .data(format), "formats": .data(AuditReport.Format.allCases.map(\.rawValue).joined(separator: ", "))]))
            }
            if let jobs, jobs < 1 { throw ValidationError(LanguageChoice.catalogue.text("cli.jobsAtLeastOne")) }
            if !mappings, export == nil { throw ValidationError(LanguageChoice.catalogue.text("cli.noExport")) }
            if export == "-", exportReading.attachments == nil {
                throw ValidationError(LanguageChoice.catalogue.text("cli.stdinNeedsAttachments"))
            }
        }

        func run() async throws {
            if mappings {
                printMappings()
                return
            }
            let export = self.export!
            let exportURL = URL(fileURLWithPath: export)
            var options = ExportAudit.Options(jobs: jobs, strict: strict)
            // `FAKTURA_AUDIT_DIRECT=off`: every row spooled, postings checked after reading (to compare, or to measure).
            options.checksPostingsWhileReading = ProcessInfo.processInfo.environment["FAKTURA_AUDIT_DIRECT"] != "off"
            do {
                try exportReading.apply(to: &options)
            } catch {
                printError("faktura audit: \(error.description)")
                throw ExitStatus.couldNotRun
            }
            if let hsTable {
                do {
                    options.hsTable = try HSNomenclature(contentsOf: URL(fileURLWithPath: hsTable))
                } catch {
                    printError("faktura audit: cannot load the HS table \(hsTable): \(error.description)")
                    throw ExitStatus.couldNotRun
                }
            }
            if let output, output != "-", let reason = Self.refusal(output: output, export: exportURL, attachments: options.attachments) {
                printError("faktura audit: will not write the report to \(output): \(reason)")
                throw ExitStatus.couldNotRun
            }
            let audit = ExportAudit(options: options, tool: ReportTool(version: FakturaVersion.tool))
            let bar = isatty(2) == 1 ? ProgressLine() : nil
            var callback: (@Sendable (ExportAudit.Progress) -> Void)?
            if let bar { callback = { @Sendable progress in bar.show(progress) } }
            var report: AuditReport
            do throws(AuditError) {
                report = try await audit.run(exportPath: export, progress: callback)
                report.language = LanguageChoice.chosen
            } catch {
                bar?.clear()
                printError("faktura audit: \(error.description)")
                throw ExitStatus.couldNotRun
            }
            bar?.clear()
            let chosen = AuditReport.Format(rawValue: format)!
            if let output, output != "-" {
                // Written beside the target and renamed over it: a crash never leaves half a report.
                let target = URL(fileURLWithPath: output)
                let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
                do {
                    guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
                        throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: partial.path])
                    }
                    let handle = try FileHandle(forWritingTo: partial)
                    defer { try? handle.close() }
                    try report.write(as: chosen, summaryOnly: summary, to: handle)
                    try handle.synchronize()
                    guard rename(partial.path, target.path) == 0 else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output])
                    }
                } catch {
                    try? FileManager.default.removeItem(at: partial)
                    printError("faktura audit: cannot write \(output): \((error as NSError).localizedDescription)")
                    throw ExitStatus.couldNotRun
                }
            } else {
                do {
                    try report.write(as: chosen, summaryOnly: summary, to: FileHandle.standardOutput)
                } catch {
                    printError("faktura audit: cannot write the report to standard output: \((error as NSError).localizedDescription)")
                    throw ExitStatus.couldNotRun
                }
            }
            if report.hasFailures { throw ExitStatus.findings }
        }

        /// `--mappings`: the presets, or with `--mapping NAME` that preset's text.
        private func printMappings() {
            if let mapping = exportReading.mapping, let preset = ExportMappingPreset(rawValue: mapping.lowercased()) {
                print(preset.yaml)
                return
            }
            print("Mapping presets (use with --mapping NAME; print one with --mappings --mapping NAME):")
            let width = ExportMappingPreset.allCases.map { $0.rawValue.count }.max() ?? 0
            for preset in ExportMappingPreset.allCases {
                print("  \(preset.rawValue.padding(toLength: width, withPad: " ", startingAt: 0))  \(preset.summary)")
            }
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

extension ProgressLine {
    /// What the audit is doing.
    func show(_ progress: ExportAudit.Progress) {
        switch progress {
        case .reading(let rows): show("reading: \(rows) rows")
        case .checking(let done, let total): show(done: done, of: total, label: "checking attachments")
        }
    }
}
