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

/// The archive commands' own lines in Chinese and Russian: `add`, `show`, `export` and their
/// summaries hold no English words outside hashes, paths, postings and document kinds.
@Suite("archive commands in every language", .serialized)
struct ArchiveCommandLanguageTests {
    @Test(arguments: ["zh-Hans", "ru"])
    func addShowAndExportSpeakTheLanguage(_ tag: String) throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = folder.path("store").path
        let pdf = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0030-1").write(to: pdf)
        let out = folder.path("bundle.zip").path
        let runs = [
            ["archive", "--store", store, "add", pdf.path],
            ["archive", "--store", store, "add", pdf.path],
            ["archive", "--store", store, "show", "0123456789-0030-1"],
            ["archive", "--store", store, "export", "0123456789-0030-1", "--out", out],
        ]
        for arguments in runs {
            let result = try CLI.run(arguments + ["--lang", tag])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let english = try CLI.run(arguments.map { $0 == out ? out + ".en" : $0 } + ["--lang", "en"])
            #expect(EnglishWords.words(in: Self.withoutData(english.stdout, folder: folder)).count > 3, "the check finds English: \(english.stdout)")
            let words = EnglishWords.words(in: Self.withoutData(result.stdout, folder: folder))
            #expect(words.isEmpty, "\(tag) \(arguments[3]): English words \(words) in\n\(result.stdout)")
        }
    }

    /// An archive error that stops a command is in the language too, its values as they are.
    @Test func anArchiveErrorSpeaksTheLanguage() throws {
        let folder = ScratchFolder()
        defer { folder.remove() }
        let store = folder.path("store").path
        let pdf = folder.path("invoice.pdf")
        try fakturaPDF(posting: "0123456789-0031-1").write(to: pdf)
        #expect(try CLI.run(["archive", "--store", store, "add", pdf.path]).status == 0)
        let chinese = try CLI.run(["archive", "--store", store, "show", "999", "--lang", "zh"])
        #expect(chinese.status == 2)
        #expect(chinese.stderr == "错误：货件 999 在归档中没有条目（见“faktura archive add”）\n", "\(chinese.stderr)")
        let english = try CLI.run(["archive", "--store", store, "show", "999", "--lang", "en"])
        #expect(english.stderr == "Error: posting 999 has no entry in the archive (see 'faktura archive add')\n", "\(english.stderr)")
    }

    /// The output without what stays as it is: paths, hashes, document kinds, the bag's name,
    /// the marketplace's name and the command (`export --head HASH`) a claim names.
    static func withoutData(_ text: String, folder: ScratchFolder) -> String {
        var rest = text.replacingOccurrences(of: folder.path("").path, with: " ")
        for pattern in [#"\S*/\S*"#, #"[0-9a-f]{16,}…?"#, #"faktura-[0-9-]+"#] {
            rest = rest.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return rest.replacingOccurrences(of: #"\b(pdf|PDF|invoice|data|validation|report|receipt|faktura|ozon|export)\b"#, with: " ",
                                         options: .regularExpression)
    }
}
