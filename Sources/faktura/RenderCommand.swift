import ArgumentParser
import Foundation
import InvoiceModel
import FakturaXML
import PDFRender
import Findings
import Validate
import UPD

extension Faktura {
    /// `faktura render`: invoices (JSON or XML) to PDF through a layout template.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: LanguageChoice.catalogue.text("cli.abstract.render"),
            discussion: LanguageChoice.help("cli.discussion.render", ["templates": .data(TemplateCatalog.builtInNames.joined(separator: ", "))]))

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.render.inputs")))
        var inputs: [String] = []

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.render.template", ["templates": .data(TemplateCatalog.builtInNames.joined(separator: ", "))])))
        var template: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.render.out")))
        var out: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.render.jobs")))
        var jobs: Int?

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.render.strict")))
        var strict = false

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.render.format")))
        var format: RenderFormat = .pdf

        @OptionGroup var upd: UPDRenderArguments

        func validate() throws {
            if inputs.isEmpty {
                throw ValidationError(LanguageChoice.catalogue.text("cli.noInvoiceToRender"))
            }
            if let jobs, jobs < 1 {
                throw ValidationError(LanguageChoice.catalogue.text("cli.jobsAtLeastOne"))
            }
            if inputs.filter({ $0 == "-" }).count > 1 {
                throw ValidationError(LanguageChoice.catalogue.text("cli.stdinOnce"))
            }
            if format == .upd {
                _ = try upd.options()
                if template != nil { throw ValidationError(LanguageChoice.catalogue.text("cli.updNoTemplate")) }
            }
        }

        func run() async throws {
            let templates = format == .upd ? TemplateChoice(forUPD: ()) : try TemplateChoice(template)
            let updOptions = format == .upd ? try upd.options() : nil
            let outFolder = try out.map { try Self.prepareFolder($0) }
            let plan = try RenderPlan.make(inputs: inputs, outFolder: outFolder)
            for problem in plan.problems { printError(problem) }

            let jobCount = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            let progress = RenderProgress(total: plan.jobs.count)
            let files = OutputFiles()
            let check = RenderCheck(validator: InvoiceValidator(), strict: strict)
            var failures = plan.problems.count
            func report(_ outcome: RenderOutcome) {
                progress.advance()
                guard outcome.problem != nil || !outcome.warnings.isEmpty || outcome.failsValidation else { return }
                progress.clear()
                for warning in outcome.warnings { printError(warning) }
                if let problem = outcome.problem {
                    printError(problem)
                    failures += 1
                } else if outcome.failsValidation {
                    failures += 1
                }
            }
            if jobCount == 1 || plan.jobs.count == 1 {
                // One at a time on this thread: no task hops between invoices.
                for job in plan.jobs { report(Self.render(job, templates: templates, check: check, files: files, upd: updOptions)) }
            } else {
                await withTaskGroup(of: RenderOutcome.self) { group in
                    var next = 0
                    func addNext() {
                        guard next < plan.jobs.count else { return }
                        let job = plan.jobs[next]
                        next += 1
                        group.addTask { Self.render(job, templates: templates, check: check, files: files, upd: updOptions) }
                    }
                    for _ in 0..<min(jobCount, plan.jobs.count) { addNext() }
                    for await outcome in group {
                        report(outcome)
                        addNext()
                    }
                }
            }
            files.sync()
            progress.finish()
            if failures > 0 { throw ExitStatus.findings }
        }

        /// What rendering one input came to: an error naming the input, the findings printed
        /// (validation's, then characters no font draws), and whether validation failed it.
        struct RenderOutcome: Sendable {
            var problem: String?
            var warnings: [String] = []
            var failsValidation = false
        }

        /// Renders one input; the outcome's problem names the input when it could not be rendered.
        static func render(_ job: RenderJob, templates: TemplateChoice, check: RenderCheck, files: OutputFiles,
                           upd: UPDRenderOptions? = nil) -> RenderOutcome {
            let source = job.input == "-" ? "<stdin>" : job.input
            do {
                let data: Data
                if job.input == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    guard let contents = FileManager.default.contents(atPath: job.input) else {
                        return RenderOutcome(problem: "\(job.input): " + LanguageChoice.catalogue.text("render.cannotRead"))
                    }
                    data = contents
                }
                let invoice = try decodeInvoice(data, source: source)
                let verdict = check.judge(invoice, source: source)
                let language = LanguageChoice.language
                let catalogue = LanguageChoice.catalogue
                var lines = verdict.findings.map { TerminalText.escaped("\(source): \($0.description(in: language))") }
                if verdict.status == .failed && check.strict {
                    return RenderOutcome(problem: "\(source): " + catalogue.text("render.notRendered", ["summary": .data(verdict.summary)]),
                                         warnings: lines)
                }
                if let upd {
                    var outcome = try writeUPD(invoice, job: job, options: upd, files: files)
                    if verdict.status == .failed {
                        lines.append("\(source): " + catalogue.text("render.writtenButFails", ["summary": .data(verdict.summary)]))
                    }
                    outcome.warnings = lines
                    outcome.failsValidation = verdict.status == .failed
                    return outcome
                }
                let renderer = try templates.renderer(for: invoice)
                let rendered = try renderer.renderReporting(invoice)
                if let output = job.output {
                    try files.write(rendered.pdf, to: output)
                } else {
                    FileHandle.standardOutput.write(rendered.pdf)
                }
                // A character drawn as an empty box is named, never silent (the validator's finding,
                // also for the template's own words, which validation does not see).
                for character in rendered.uncoveredCharacters {
                    let line = TerminalText.escaped("\(source): \(Finding.glyphMissing(character).description(in: language))")
                    if !lines.contains(line) { lines.append(line) }
                }
                if verdict.status == .failed {
                    lines.append("\(source): " + catalogue.text("render.renderedButFails", ["summary": .data(verdict.summary)]))
                }
                return RenderOutcome(problem: nil, warnings: lines, failsValidation: verdict.status == .failed)
            } catch let error as InvoiceInput.Failure {
                guard LanguageChoice.language != .english else { return RenderOutcome(problem: error.description) }
                // The findings `validate` would report, in the chosen language.
                let findings = error.findings.map { finding in
                    (finding.field.map { "\($0): " } ?? "") + finding.message(in: LanguageChoice.language)
                }
                return RenderOutcome(problem: "\(error.source): " + LanguageChoice.catalogue.text(
                    "render.notInvoice", ["reasons": .data(findings.joined(separator: "; "))]))
            } catch let error as RenderError {
                return RenderOutcome(problem: "\(job.input): " + error.text.rendered(in: LanguageChoice.language))
            } catch let error as UPDReadFailure {
                return RenderOutcome(problem: error.description)
            } catch let error as UPDWriteError {
                return RenderOutcome(problem: "\(job.input): " + LanguageChoice.catalogue.text("render.error.cannotWriteUPD", ["englishDetail": .data("\(error)")]))
            } catch let error as OutputFiles.Failure {
                return RenderOutcome(problem: "\(job.input): " + error.text.rendered(in: LanguageChoice.language))
            } catch {
                let failure = OutputFiles.Failure(path: job.output ?? "-", reason: error.localizedDescription)
                return RenderOutcome(problem: "\(job.input): " + failure.text.rendered(in: LanguageChoice.language))
            }
        }

        static func prepareFolder(_ path: String) throws -> String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
                guard isFolder.boolValue else { throw ValidationError(LanguageChoice.catalogue.text("cli.outIsFile", ["path": .data(path)])) }
                return path
            }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw ValidationError(LanguageChoice.catalogue.text("cli.outNotCreated", ["path": .data(path), "englishDetail": .data(error.localizedDescription)]))
            }
            return path
        }
    }
}

/// Validation before rendering: the findings `faktura validate` gives for the invoice, judged as
/// `validate` judges them (with `--strict`, a warning fails too).
struct RenderCheck: Sendable {
    let validator: InvoiceValidator
    let strict: Bool

    func judge(_ invoice: Invoice, source: String) -> DocumentReport {
        DocumentReport(file: source, findings: validator.validate(invoice), strict: strict)
    }
}

extension DocumentReport {
    /// "2 errors, 1 warning", in the run's language.
    var summary: String {
        let errors = findings.count { $0.severity == .error }
        let warnings = findings.count { $0.severity == .warning }
        return LanguageChoice.catalogue.text("render.summary", [
            "errors": .key(errors == 1 ? "render.errors.one" : "render.errors.other", ["count": .data(String(errors))]),
            "warnings": .key(warnings == 1 ? "render.warnings.one" : "render.warnings.other", ["count": .data(String(warnings))]),
        ])
    }
}

/// The template given with --template, or the choice by seller country when none was.
struct TemplateChoice: Sendable {
    let fixed: InvoiceRenderer?
    /// The built-in templates by name, when none was given.
    let builtIn: [String: InvoiceRenderer]

    init(_ option: String?) throws {
        do {
            if let option {
                fixed = InvoiceRenderer(template: try TemplateCatalog.resolve(option))
                builtIn = [:]
            } else {
                fixed = nil
                var renderers: [String: InvoiceRenderer] = [:]
                for name in TemplateCatalog.builtInNames {
                    renderers[name] = InvoiceRenderer(template: try TemplateCatalog.builtIn(named: name))
                }
                builtIn = renderers
            }
        } catch {
            printError("faktura render: " + ((error as? any CatalogueTextError)?.text.rendered(in: LanguageChoice.language) ?? "\(error)"))
            throw ExitStatus.couldNotRun
        }
    }

    func renderer(for invoice: Invoice) throws -> InvoiceRenderer {
        if let fixed { return fixed }
        return builtIn[TemplateCatalog.defaultTemplateName(for: invoice)]!
    }
}

struct RenderJob: Sendable {
    let input: String
    /// nil: write to standard output.
    let output: String?
}

/// Inputs expanded into jobs, with the outputs checked before anything is written.
struct RenderPlan {
    var jobs: [RenderJob] = []
    var problems: [String] = []

    static func make(inputs: [String], outFolder: String?) throws -> RenderPlan {
        var plan = RenderPlan()
        var files: [String] = []
        for input in inputs {
            if input == "-" {
                files.append(input)
                continue
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
                plan.problems.append("\(input): no such file or folder")
                continue
            }
            if isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
                let invoices = names.filter { $0.lowercased().hasSuffix(".json") || $0.lowercased().hasSuffix(".xml") }.sorted()
                if invoices.isEmpty { plan.problems.append("\(input): folder holds no .json or .xml invoice") }
                let folder = URL(fileURLWithPath: input, isDirectory: true)
                files += invoices.map { folder.appendingPathComponent($0, isDirectory: false).path }
            } else {
                files.append(input)
            }
        }
        // Each URL is told whether it is a folder: without the hint, Foundation asks the file
        // system (a `stat` per URL, three per input; a fiftieth of a batch's CPU time).
        let inputPaths = Set(files.filter { $0 != "-" }.map { URL(fileURLWithPath: $0, isDirectory: false).standardizedFileURL.path })
        let outURL = outFolder.map { URL(fileURLWithPath: $0, isDirectory: true) }
        var claimed: [String: String] = [:]
        for file in files {
            let output: String?
            if file == "-" {
                output = outURL.map { $0.appendingPathComponent("stdin.pdf", isDirectory: false).path }
            } else {
                let url = URL(fileURLWithPath: file, isDirectory: false)
                let name = url.deletingPathExtension().lastPathComponent + ".pdf"
                let folder = outURL ?? url.deletingLastPathComponent()
                output = folder.appendingPathComponent(name, isDirectory: false).standardizedFileURL.path
            }
            if let output {
                if inputPaths.contains(output) {
                    plan.problems.append("\(file): refusing to write \(output), which is an input")
                    continue
                }
                if let earlier = claimed[output] {
                    plan.problems.append("\(file): \(output) is already the output of \(earlier); use --out or rename one")
                    continue
                }
                claimed[output] = file
            }
            plan.jobs.append(RenderJob(input: file, output: output))
        }
        return plan
    }
}

/// The invoices rendered so far, on the progress line (for batches only).
final class RenderProgress: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private let line: ProgressLine
    private let lock = NSLock()

    init(total: Int) {
        self.total = total
        line = ProgressLine(enabled: total > 1 && isatty(STDERR_FILENO) == 1)
    }

    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        line.show(done: done, of: total)
    }

    func clear() { line.clear() }

    func finish() { line.finish() }
}
