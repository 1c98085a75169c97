import FakturaTestSupport
import Foundation
import Testing

/// `ExportMappingPreset.allCases` is the one list of presets: `--mappings` prints it, and the
/// `--mapping` help names the same presets in the same order, so a preset added to one and
/// not the other fails here.
@Suite("The mapping preset list")
struct PresetListTests {
    @Test func theMappingHelpNamesThePresetsThatMappingsLists() throws {
        let listed = try CLI.run(["audit", "--mappings"])
        #expect(listed.status == 0)
        let presets = listed.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(presets.count >= 6)
        let help = try CLI.run(["audit", "--help"])
        #expect(help.status == 0)
        // The help wraps lines: compare with the whitespace between words collapsed.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("A mapping preset (\(presets.joined(separator: ", "))) or a mapping file"), "\(text)")
    }
}
