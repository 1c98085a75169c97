import FakturaTestSupport
import Foundation
import Testing

/// The README is a new user's first page: every `$ faktura …` command of its worked examples
/// prints what the README shows (paths under the repository shown as /home/seller/faktura).
@Suite("README worked examples")
struct ReadmeExampleTests {
    struct Example: CustomStringConvertible {
        var command: String
        var expected: String
        var description: String { command }
    }

    /// The commands and outputs of the console blocks of a README section.
    static func examples(inSection title: String) throws -> [Example] {
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## \(title)\n").dropFirst().first)
            .components(separatedBy: "\n## ").first ?? ""
        var examples: [Example] = []
        for block in section.components(separatedBy: "```console\n").dropFirst() {
            let body = block.components(separatedBy: "\n```").first ?? ""
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("$ ") {
                    examples.append(Example(command: String(line.dropFirst(2)), expected: ""))
                } else if !examples.isEmpty {
                    examples[examples.count - 1].expected += line + "\n"
                }
            }
        }
        return examples
    }

    static let sections = ["A worked example", "A Chinese seller's ERP export", "In Chinese and Russian"]

    @Test(arguments: sections)
    func everyCommandPrintsWhatTheReadmeShows(_ section: String) throws {
        let examples = try Self.examples(inSection: section).filter { $0.command.hasPrefix("faktura ") }
        #expect(examples.count >= 2, "\(examples)")
        for example in examples {
            var words = Array(example.command.split(separator: " ").map(String.init).dropFirst())
            var stdin: String?
            if let redirect = words.firstIndex(of: "<") {
                stdin = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(words[redirect + 1]), encoding: .utf8)
                words.removeSubrange(redirect...)
            }
            // Commands that write files (render --out) run in a scratch folder; they print nothing.
            let writes = words.contains("--out")
            let folder = ScratchFolder()
            if writes {
                words = words.map { $0.hasPrefix("examples/") ? CLI.repositoryRoot.appendingPathComponent($0).path : $0 }
            }
            let result = try CLI.run(words, stdin: stdin, in: writes ? folder.url : CLI.repositoryRoot)
            #expect(result.status < 2, "\(example): \(result.stderr)")
            let printed = result.stdout.replacingOccurrences(of: CLI.repositoryRoot.path, with: "/home/seller/faktura")
            #expect(printed == example.expected, "\(example) printed:\n\(printed)")
        }
    }
}
