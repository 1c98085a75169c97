import ArgumentParser
import Findings
import Foundation
import InvoiceModel

extension Faktura {
    /// `faktura id`: check tax identifiers.
    struct Id: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: LanguageChoice.catalogue.text("cli.abstract.id"),
            discussion: """
                Values come from the arguments, or one per line from standard input with '-'. \
                Without --scheme, each value is matched against every scheme and the ones it fits are named.

                Schemes: \(TaxIdentifiers.schemes.map { $0.name }.joined(separator: ", ")).

                Exit status: 0 when every value is valid, 1 when some are not, 2 on usage errors.
                """)

        @Option(name: .long, help: "The scheme to check against, e.g. ru-inn. Default: try all.")
        var scheme: String?

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Argument(help: "Values to check, or '-' to read them from standard input.")
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
