import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
import Findings
import Validate

/// docs/validation.md's table "The cases each profile judges differently", read from the page:
/// every row is a case below, every cell the finding the rules give under that profile.
@Suite("Profile table of docs/validation.md")
struct ProfileTableTests {
    /// The changes that make each case, by the row's text; applied to a clean invoice of each
    /// profile (a Russian seller's for ru-invoice, a Chinese seller's for ozon-crossborder).
    static let cases: [String: @Sendable (inout Invoice) -> Void] = [
        "a private buyer in Russia without INN or KPP (B2C: a Chinese seller selling to a person on Ozon)": {
            $0.buyer.name = "Иванов Иван Иванович"
            $0.buyer.taxIds = []
        },
        "a buyer with a KPP but no INN (an organisation)": { $0.buyer.taxIds.removeAll { $0.scheme == "ru-inn" } },
        "an organisation buyer (10-digit INN) without KPP": { $0.buyer.taxIds.removeAll { $0.scheme == "ru-kpp" } },
        "a foreign buyer (country not RU) without INN": {
            $0.buyer.country = "KZ"
            $0.buyer.taxIds = []
        },
        "a line without HS code": { $0.lines[0].hsCode = nil },
        "imported goods (origin outside the EAEU) without customs declaration": {
            $0.lines[0].originCountry = "BR"
            $0.lines[0].customsDeclaration = nil
        },
        "a line without unit": { $0.lines[0].unit = nil },
        "a buyer without address": { $0.buyer.address = nil },
        "an identifier of an unknown scheme": { $0.buyer.taxIds.append(TaxID(scheme: "xx-tax", value: "123")) },
    ]

    struct Row: Sendable, CustomTestStringConvertible {
        let text: String
        /// Per profile: the severity and code of the cell, nil for `—`.
        let cells: [(profile: ValidationProfile, finding: (Severity, FindingCode)?)]
        var testDescription: String { text }
    }

    /// The table's rows, parsed from the page.
    static func rows() throws -> [Row] {
        let page = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("docs/validation.md"), encoding: .utf8)
        let lines = page.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("| case |") }, "docs/validation.md has the profile table")
        let profiles = try lines[header].split(separator: "|").dropFirst().map { cell in
            let name = cell.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            return try #require(ValidationProfile(name: name), "'\(name)' is a profile")
        }
        var rows: [Row] = []
        for line in lines[(header + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let parsed = try zip(profiles, cells.dropFirst()).map { profile, cell -> (ValidationProfile, (Severity, FindingCode)?) in
                guard cell != "—" else { return (profile, nil) }
                let words = cell.split(separator: " ")
                let severity = try #require(Severity(rawValue: String(words[0])), "'\(cell)' starts with a severity")
                let code = try #require(FindingCode(rawValue: words[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))),
                                        "'\(cell)' names a finding code")
                return (profile, (severity, code))
            }
            rows.append(Row(text: cells[0], cells: parsed))
        }
        return rows
    }

    static func cleanInvoice(for profile: ValidationProfile) -> Invoice {
        profile == .ruInvoice ? Samples.russianInvoice : Samples.chineseInvoice
    }

    @Test func everyRowIsACaseAndEveryCaseARow() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 9)
        #expect(Set(rows.map(\.text)) == Set(Self.cases.keys))
        #expect(Set(rows.flatMap { $0.cells.map(\.profile) }) == Set(ValidationProfile.allCases))
    }

    @Test(arguments: try ProfileTableTests.rows())
    func eachCellIsWhatTheRulesGive(_ row: Row) throws {
        let edit = try #require(Self.cases[row.text], "no case for the row '\(row.text)'")
        for (profile, expected) in row.cells {
            let validator = InvoiceValidator(profile: profile, today: Samples.today)
            var invoice = Self.cleanInvoice(for: profile)
            #expect(validator.validate(invoice) == [], "the clean \(profile) invoice")
            edit(&invoice)
            let findings = validator.validate(invoice)
            if let (severity, code) = expected {
                #expect(findings.map(\.code) == [code], "\(row.text) under \(profile): \(findings)")
                #expect(findings.allSatisfy { $0.severity == severity }, "\(row.text) under \(profile): \(findings)")
            } else {
                #expect(findings == [], "\(row.text) under \(profile): \(findings)")
            }
        }
    }
}
