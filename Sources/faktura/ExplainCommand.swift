import ArgumentParser
import Foundation
import Validate

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
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(ExplanationJSON(explanation)), as: UTF8.self))
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

private struct ExplanationJSON: Encodable {
    let code: String
    let severity: String
    let meaning: String
    let rule: String
    let fix: String

    init(_ explanation: FindingExplanation) {
        code = explanation.code.rawValue
        severity = explanation.defaultSeverity.rawValue
        meaning = explanation.meaning
        rule = explanation.rule
        fix = explanation.fix
    }
}
