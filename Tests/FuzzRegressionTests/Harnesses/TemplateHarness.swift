// Fuzz harness: the template reader (template XML checked against its XSD, then mapped).
// Compiled alone into `fuzz-Template` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import PDFRender

enum TemplateHarness {
    /// Reads one input; returns the error's text when it was refused, nil when it was read.
    static func run(_ data: Data) -> String? {
        // The shipped templates folder (for template.xsd), found from this file's place in the project.
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let catalog = TemplateCatalog(directory: project.appendingPathComponent("templates"))
        do {
            _ = try catalog.parse(data, source: "template.xml")
            return nil
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-Template` runs this harness under libFuzzer.
@main extension TemplateHarness: LibFuzzerHarness {}
#endif
