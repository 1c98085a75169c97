import Foundation
import Testing

/// Replays the inputs kept under `Fixtures/fuzz-regressions/<harness>/`: every input that
/// ever crashed or hung a reader under `make fuzz` (libFuzzer writes them there directly).
enum FuzzReplay {
    static func inputs(harness: String) throws -> [URL] {
        let folder = try #require(Bundle.module.resourceURL)
            .appendingPathComponent("Fixtures/fuzz-regressions/\(harness)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Feeds each kept input through the real reader: it must come back (no crash, no hang:
    /// the test's time limit is the budget) with an error or finding that says something.
    static func replay(harness: String, _ run: (Data) -> String?) throws {
        // The harness reaches its reader: an empty input is refused with a message.
        #expect(run(Data()).map { !$0.isEmpty } == true, "\(harness): an empty input was read without an error")
        for input in try inputs(harness: harness) {
            let answer = run(try Data(contentsOf: input))
            let message = try #require(answer, "\(harness)/\(input.lastPathComponent) was read without an error or finding")
            #expect(!message.isEmpty, "\(harness)/\(input.lastPathComponent)")
        }
    }
}
