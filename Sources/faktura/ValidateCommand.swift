import ArgumentParser
import Foundation
import InvoiceModel
import Findings
import Validate

extension Faktura {
    /// `faktura validate`: check invoices (JSON, XML, PDF) against a profile's rules.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: LanguageChoice.catalogue.text("cli.abstract.validate"),
            discussion: LanguageChoice.help("cli.discussion.validate", ["profiles": .data(profileList)]))

        /// Each profile's name and summary in the run's language, as the discussion lists them.
        static var profileList: String {
            let catalogue = LanguageChoice.catalogue
            let items = ValidationProfile.allCases.map {
                catalogue.text("cli.profile.item", ["name": .data($0.rawValue), "summary": .key("cli.profile.\($0.rawValue)")])
            }
            return items.dropFirst().reduce(items.first ?? "") { catalogue.text("list.semicolon", ["first": .data($0), "second": .data($1)]) }
        }

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.validate.files")))
        var files: [String] = []

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.validate.profile")))
        var profile: String?

        @Option(name: .customLong("hs-table"), help: ArgumentHelp(LanguageChoice.help("cli.help.validate.hsTable")))
        var hsTable: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.format")))
        var format: OutputFormat = .text

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.strict")))
        var strict = false

        @Flag(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.validate.rules")))
        var rules = false

        func validate() throws {
            if let profile, ValidationProfile(name: profile) == nil {
                let known = ValidationProfile.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError(LanguageChoice.catalogue.text("cli.unknownProfile", ["profile": .data(profile), "profiles": .data(known)]))
            }
            if !rules && files.isEmpty {
                throw ValidationError(LanguageChoice.catalogue.text("cli.noInvoiceFiles"))
            }
        }

        func run() throws {
            if rules {
                printRules()
                return
            }
            var table: HSNomenclature?
            if let hsTable {
                do {
                    table = try HSNomenclature(contentsOf: URL(fileURLWithPath: hsTable))
                } catch {
                    printError("faktura validate: \(error.description)")
                    throw ExitStatus.couldNotRun
                }
            }
            let validator = InvoiceValidator(profile: profile.flatMap(ValidationProfile.init(name:)), hsTable: table)
            let inputs = ValidationInputs.expand(files)
            let documents = try ValidationInputs.validate(inputs, with: validator).map { $0.judged(strict: strict) }
            let report = ValidationReport(tool: ReportTool(version: FakturaVersion.tool), documents: documents)
            switch format {
            case .json:
                print(report.json(in: LanguageChoice.chosen).rendered())
            case .text:
                print(report.text(in: LanguageChoice.chosen, strict: strict), terminator: "")
            }
            if report.hasFailures { throw ExitStatus.findings }
        }

        private func printRules() {
            for profile in ValidationProfile.allCases {
                print("\(profile.rawValue): \(profile.summary)")
                for rule in InvoiceRule.all {
                    let marketplaceOnly = !rule.profiles.contains(profile)
                    guard !marketplaceOnly || rule.marketplace != nil else { continue }
                    let codes = rule.codes.map(\.rawValue).joined(separator: ", ")
                    print("  \(rule.id) [\(codes)]" + (marketplaceOnly ? " (only for \(rule.marketplace!) orders)" : ""))
                    print("      \(rule.summary)")
                }
                print("")
            }
            print("rules: \(ReportTool.rulesVersion)")
        }
    }
}

/// Files named on the command line, expanded: folders searched for invoices, `-` for stdin.
enum ValidationInputs {
    enum Input {
        case file(String)
        case standardInput
    }

    static let extensions: Set<String> = ["json", "xml", "pdf"]

    static func expand(_ arguments: [String]) -> [Input] {
        var inputs: [Input] = []
        let manager = FileManager.default
        for argument in arguments {
            if argument == "-" {
                inputs.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else {
                inputs.append(.file(argument))  // a missing file is reported as a finding
                continue
            }
            let root = URL(fileURLWithPath: argument)
            var found: [String] = []
            if let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
                for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
                    if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                        let relative = url.path.hasPrefix(root.path + "/") ? String(url.path.dropFirst(root.path.count + 1)) : url.lastPathComponent
                        found.append((argument as NSString).appendingPathComponent(relative))
                    }
                }
            }
            inputs += found.sorted().map(Input.file)
        }
        return inputs
    }

    /// Validates every input, files in parallel, reports in input order.
    static func validate(_ inputs: [Input], with validator: InvoiceValidator) throws -> [DocumentReport] {
        let results = ReportSlots(count: inputs.count)
        var stdinData: Data?
        if inputs.contains(where: { if case .standardInput = $0 { true } else { false } }) {
            stdinData = try StandardInput.data()
        }
        let stdin = stdinData
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            let report: DocumentReport
            switch inputs[index] {
            case .standardInput:
                report = validator.validate(data: stdin ?? Data(), source: "-")
            case .file(let path):
                report = validator.validate(fileAt: URL(fileURLWithPath: path)).renamed(path)
            }
            results.set(index, report)
        }
        return results.values
    }
}

extension DocumentReport {
    /// The report under the path the user typed (not the absolute one).
    func renamed(_ path: String) -> DocumentReport {
        var copy = self
        copy.file = path
        return copy
    }
}

/// Reports written by parallel workers, each into its own slot.
private final class ReportSlots: @unchecked Sendable {
    private var slots: [DocumentReport?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ report: DocumentReport) {
        lock.lock()
        slots[index] = report
        lock.unlock()
    }

    var values: [DocumentReport] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
