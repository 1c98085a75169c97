import ArgumentParser
import Findings
import Foundation
import InvoiceModel

extension Faktura {
    /// `faktura id`: check tax identifiers.
    struct Id: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.id"),
            discussion: LanguageChoice.help("cli.discussion.id", ["schemes": .data(TaxIdentifiers.schemes.map { $0.name }.joined(separator: ", "))]))

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.id.scheme")))
        var scheme: String?

        @Option(name: .long, help: ArgumentHelp(LanguageChoice.help("cli.help.common.format")))
        var format: OutputFormat = .text

        @Argument(help: ArgumentHelp(LanguageChoice.help("cli.help.id.values")))
        var values: [String] = []

        func validate() throws {
            if values.isEmpty {
                throw ValidationError(LanguageChoice.catalogue.text("cli.noValues"))
            }
            if let scheme, TaxIdentifiers.scheme(named: scheme) == nil {
                let known = TaxIdentifiers.schemes.map { $0.name }.joined(separator: ", ")
                throw ValidationError(LanguageChoice.catalogue.text("cli.unknownScheme", ["scheme": .data(scheme), "schemes": .data(known)]))
            }
        }

        func run() throws {
            let inputs = try values.flatMap { value -> [String] in
                guard value == "-" else { return [value] }
                return try StandardInput.lines()
            }
            let checks: [IdentifierCheck] = inputs.flatMap { value -> [IdentifierCheck] in
                if let name = scheme, let type = TaxIdentifiers.scheme(named: name) {
                    return [TaxIdentifiers.check(value, scheme: type)]
                }
                return TaxIdentifiers.identify(value)
            }
            switch format {
            case .json:
                print(JSONText.array(checks.map(\.json)).rendered())
            case .text:
                for check in checks {
                    let scheme = check.scheme ?? "-"
                    if check.valid {
                        print("\(check.value)\t\(scheme)\tvalid\t\(check.formatted ?? "")")
                    } else {
                        print("\(check.value)\t\(scheme)\tinvalid\t\(check.code ?? ""): \(check.message ?? "")")
                    }
                }
            }
            if checks.contains(where: { !$0.valid }) { throw ExitStatus.findings }
        }
    }
}

/// Report formats of commands that print a single document.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Reads standard input for commands that accept '-'.
enum StandardInput {
    static func data() throws -> Data {
        FileHandle.standardInput.readDataToEndOfFile()
    }

    /// Non-empty, trimmed lines.
    static func lines() throws -> [String] {
        String(decoding: try data(), as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
