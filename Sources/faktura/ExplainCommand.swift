import ArgumentParser
import Foundation
import InvoiceModel
import Findings

extension Faktura {
    /// `faktura explain CODE`: what a finding code means, the rule behind it, how to fix it.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Explain a finding code: its meaning, the rule behind it and how to fix it.",
            discussion: "Without a code, lists every code. Exit status 2 for an unknown code.")

        @Argument(help: "A finding code such as HS_CODE_FORMAT (case-insensitive).")
        var code: String?

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            guard let code else {
                listAll()
                return
            }
            guard let finding = FindingCode(lenient: code) else {
                printError("faktura explain: unknown finding code '\(code)'. Known codes:\n"
                           + FindingCode.allCases.map { "  \($0.rawValue)" }.joined(separator: "\n"))
                throw ExitStatus.couldNotRun
            }
            let explanation = finding.explanation
            switch format {
            case .text:
                print(explanation.text)
            case .json:
                print(JSONText.object([
                    ("code", .string(explanation.code.rawValue)), ("severity", .string(explanation.defaultSeverity.rawValue)),
                    ("meaning", .string(explanation.meaning)), ("rule", .string(explanation.rule)), ("fix", .string(explanation.fix)),
                ]).rendered())
            }
        }

        private func listAll() {
            let width = FindingCode.allCases.map(\.rawValue.count).max() ?? 0
            for code in FindingCode.allCases {
                let name = code.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                let meaning = code.explanation.meaning
                let first = meaning.split(separator: ".", maxSplits: 1).first.map(String.init) ?? meaning
                print("\(name)  \(first).")
            }
        }
    }
}
