import Archive
import FakturaTestSupport
import Findings
import Foundation
import Testing

/// What `faktura archive verify` finds, in Chinese and Russian (docs/languages.md): every
/// problem a catalogue text, and no English words outside codes, entry numbers, hashes and the
/// documents' names.
@Suite("archive findings in every language")
struct ArchiveLanguageTests {
    /// A store with a flipped byte, a deleted file, an edited and a deleted index row, and a
    /// head that is not in the chain.
    static func problems() throws -> [ArchiveProblem] {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let location = folder.path("store")
        let store = try EvidenceStore(at: location, create: true)
        let entries = try store.append((1...5).map { submission(posting: "0010-\($0)", pdf: handMadePDF(text: "entry \($0)")) })
        let flipped = try #require(entries[0].entry.document(.pdf))
        let path = try store.fileURL(of: flipped).path
        chmod(path, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[20] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(at: try store.fileURL(of: try #require(entries[1].entry.document(.invoiceData))))
        try tamperWithIndex(of: location, "UPDATE entry SET amountWithVatMinor = 100 WHERE sequence = 3")
        try tamperWithIndex(of: location, "DELETE FROM document WHERE entrySequence = 4; DELETE FROM entry WHERE sequence = 4")
        return try EvidenceStore(at: location).verify(expectedHead: String(repeating: "ab", count: 32)).problems
    }

    @Test func everyProblemHasCatalogueText() throws {
        let problems = try Self.problems()
        #expect(Set(problems.map(\.code)).isSuperset(of: [.tampered, .missing, .chainBroken]), "\(problems)")
        for problem in problems {
            #expect(problem.text?.english == problem.message, "no catalogue text: \(problem)")
        }
    }

    @Test(arguments: ["zh-Hans", "ru"])
    func theFindingsHoldNoEnglishWords(_ tag: String) throws {
        let language = try #require(Language(matching: tag))
        let findings = try Self.problems().map(\.finding)
        let text = findings.map { $0.description(in: language) }.joined(separator: "\n")
        let english = findings.map(\.description).joined(separator: "\n")
        #expect(EnglishWords.words(in: english).count > 10, "the check finds English in the English findings")
        // Severities are the language's; the documents' kinds are the index's own values.
        let rest = EnglishWords.withoutData(text, findings: findings)
        #expect(EnglishWords.words(in: rest).isEmpty, "\(tag): English words \(EnglishWords.words(in: rest)) in\n\(text)")
    }
}
