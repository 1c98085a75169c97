import FakturaTestSupport
import Foundation
import Testing

/// Invoice XML with tens of thousands of attributes on one element (libxml2 2.9 compares each
/// with each: 60,000 took over 20 s) ends `faktura validate` and `render` at once, naming the file
/// and the limit.
@Suite("Hostile XML through the commands")
struct HostileXMLCommandTests {
    private func hostileInvoice(in folder: URL) throws -> URL {
        var text = #"<invoice xmlns="urn:faktura:invoice:1"><number"#
        for index in 0..<60_000 { text += #" a\#(index)="""# }
        text += ">1</number></invoice>\n"
        let file = folder.appendingPathComponent("wide.xml")
        try Data(text.utf8).write(to: file)
        return file
    }

    @Test func validateAndRenderRefuseSixtyThousandAttributesNamingTheLimit() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let file = try hostileInvoice(in: folder)
        let validate = try CLI.run(["validate", file.path])
        #expect(validate.status == 1, "\(validate.stdout)\(validate.stderr)")
        let said = validate.stdout + validate.stderr
        #expect(said.contains("wide.xml"))
        #expect(said.contains("refused before parsing"), "\(said)")
        #expect(said.contains("the limit for attributes per element is 256"), "\(said)")

        let render = try CLI.run(["render", file.path, "--out", folder.appendingPathComponent("out").path])
        #expect(render.status == 1 || render.status == 2, "\(render.stdout)\(render.stderr)")
        let rendered = render.stdout + render.stderr
        #expect(rendered.contains("wide.xml") && rendered.contains("attributes per element"), "\(rendered)")
    }
}
