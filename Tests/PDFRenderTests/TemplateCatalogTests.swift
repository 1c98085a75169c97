import FakturaTestSupport
import Foundation
import Testing
@testable import PDFRender

@Suite struct TemplateCatalogTests {
    static let header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <template xmlns="urn:faktura:template:1" name="t">
          <page size="A4"/>
        """

    @Test(arguments: TemplateCatalog.builtInNames)
    func builtInTemplateValidatesAgainstTheXSDWithXmllint(_ name: String) throws {
        let folder = SampleInvoices.catalog.directory
        let result = try CLI.runTool("/usr/bin/xmllint", ["--noout", "--schema", folder.appendingPathComponent("template.xsd").path,
                                                       folder.appendingPathComponent("\(name).xml").path])
        #expect(result.status == 0, "\(result.stderr)")
        let template = try SampleInvoices.catalog.template(named: name)
        #expect(template.name == name)
    }

    @Test func templateBreakingTheSchemaIsRefusedWithFileLineAndElement() throws {
        let xml = Self.header + """

              <body>
                <text>ok</text>
                <paragraph>not in the schema</paragraph>
              </body>
            </template>
            """
        #expect {
            _ = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "broken.xml")
        } throws: { error in
            guard case let RenderError.template(source, line, element, _) = error else { return false }
            return source == "broken.xml" && line == 6 && element == "paragraph"
                && String(describing: error).hasPrefix("broken.xml:6: element <paragraph>")
        }
    }

    @Test func unknownPlaceholderIsRefusedWithItsLine() throws {
        let xml = Self.header + """

              <body>
                <text>{seller.name}</text>
                <text>{seller.nickname}</text>
              </body>
            </template>
            """
        #expect {
            _ = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "keys.xml")
        } throws: { error in
            guard case let RenderError.template(_, line, element, message) = error else { return false }
            return line == 6 && element == "text" && message.contains("seller.nickname")
        }
    }

    @Test func lineKeyOutsideALinesTableIsRefused() throws {
        let xml = Self.header + """

              <body>
                <text>{line.name}</text>
              </body>
            </template>
            """
        #expect(throws: RenderError.self) {
            _ = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "scope.xml")
        }
    }

    @Test func malformedTemplateNamesItsLine() throws {
        let xml = Self.header + "\n  <body>\n    <text>unclosed\n  </body>\n</template>\n"
        #expect {
            _ = try SampleInvoices.catalog.parse(Data(xml.utf8), source: "bad.xml")
        } throws: { error in
            guard case let RenderError.template(source, line, _, _) = error else { return false }
            return source == "bad.xml" && line >= 6
        }
    }

    @Test func unknownBuiltInNameListsTheKnownOnes() {
        #expect {
            _ = try SampleInvoices.catalog.template(named: "no-such-template")
        } throws: { error in
            String(describing: error).contains("commercial-invoice")
        }
    }

    @Test func templateFolderIsFoundThroughTheEnvironmentVariableOrTheExecutable() throws {
        // The test binary lives under .build; walking up from it reaches the repository's templates/.
        let catalog = try TemplateCatalog.locate()
        #expect(FileManager.default.fileExists(atPath: catalog.directory.appendingPathComponent("template.xsd").path))
    }
}
