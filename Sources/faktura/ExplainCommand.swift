import ArgumentParser
import Foundation
import InvoiceModel
import Findings

extension Faktura {
    /// `faktura explain CODE`: what a finding code means, the rule behind it, how to fix it.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: LanguageChoice.catalogue.text("cli.abstract.explain"),
            discussion: LanguageChoice.help("cli.discussion.explain"))

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.explain.code")))
        var code: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.format")))
        var format: OutputFormat = .text

        func run() throws {
            guard let code else {
                listAll()
                return
            }
            guard let finding = FindingCode(lenient: code) else {
                let known = LanguageChoice.catalogue.text("explain.unknownCode", ["code": .data(code)])
                printError("faktura explain: \(known)\n" + FindingCode.allCases.map { "  \($0.rawValue)" }.joined(separator: "\n"))
                throw ExitStatus.couldNotRun
            }
            let explanation = finding.explanation(in: LanguageChoice.language)
            switch format {
            case .text:
                print(explanation.text)
            case .json:
                // meaning, rule and fix in the chosen language; `language` says which.
                var members: [(String, JSONText)] = [
                    ("code", .string(explanation.code.rawValue)), ("severity", .string(explanation.defaultSeverity.rawValue)),
                    ("meaning", .string(explanation.meaning)), ("rule", .string(explanation.rule)), ("fix", .string(explanation.fix)),
                ]
                if let chosen = LanguageChoice.chosen { members.append(("language", .string(chosen.tag))) }
                print(JSONText.object(members).rendered())
            }
        }

        private func listAll() {
            let width = FindingCode.allCases.map(\.rawValue.count).max() ?? 0
            for code in FindingCode.allCases {
                let name = code.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                let meaning = code.explanation(in: LanguageChoice.language).meaning
                // The first sentence (Chinese ends it with 。).
                let end = meaning.firstIndex { $0 == "." || $0 == "。" }
                print("\(name)  \(end.map { String(meaning[...$0]) } ?? meaning)")
            }
        }
    }
}
