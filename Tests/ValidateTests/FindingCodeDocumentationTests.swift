import FakturaTestSupport
import Foundation
import Testing
import Findings

/// Finding codes are public API: every code of the catalogue is in the README's code table and
/// in a docs/ page, and neither lists a code the catalogue does not have.
@Suite("finding codes in the README and docs")
struct FindingCodeDocumentationTests {
    static let codes = Set(FindingCode.allCases.map { $0.rawValue })

    /// The codes of the README's "Finding codes" table, one row each: `| CODE | meaning |`.
    static func readmeTableCodes() throws -> [String] {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Finding codes\n").dropFirst().first)
            .components(separatedBy: "\n## ").first ?? ""
        return section.split(separator: "\n").compactMap { row in
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, let code = cells.dropFirst().first, code.allSatisfy({ $0.isUppercase || $0 == "_" }),
                  !code.isEmpty else { return nil }
            return code
        }
    }

    @Test func theReadmeTableListsEveryCodeOnceAndNoOther() throws {
        let table = try Self.readmeTableCodes()
        #expect(table.count == Set(table).count, "a code is listed twice: \(table)")
        #expect(Self.codes.subtracting(table).isEmpty, "missing from the README's table: \(Self.codes.subtracting(table).sorted())")
        #expect(Set(table).subtracting(Self.codes).isEmpty, "not a finding code: \(Set(table).subtracting(Self.codes).sorted())")
    }

    @Test func everyCodeIsDescribedInADocsPage() throws {
        let docs = CLI.repositoryRoot.appendingPathComponent("docs")
        let pages = try FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
            .map { try String(contentsOf: $0, encoding: .utf8) }
            .joined(separator: "\n")
        for code in FindingCode.allCases {
            #expect(pages.contains("`\(code.rawValue)`"), "\(code.rawValue) is in no docs/*.md page")
        }
    }
}
