import FakturaTestSupport
import Foundation
import Testing
@testable import PDFRender

/// `TemplateCatalog.builtInNames` is the one list of built-in templates: the template files
/// shipped in templates/ and the OpenAPI document's `template` enum must name exactly its
/// templates, so a template added to one and not the others fails here.
@Suite("The built-in template list")
struct BuiltInTemplateListTests {
    @Test func theTemplatesFolderHoldsExactlyTheBuiltInTemplates() throws {
        let folder = CLI.repositoryRoot.appendingPathComponent("templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".xml") }.map { String($0.dropLast(".xml".count)) }
        #expect(files.sorted() == TemplateCatalog.builtInNames.sorted())
    }

    @Test func theOpenAPIDocumentsTemplateEnumListsTheBuiltInTemplates() throws {
        let data = try Data(contentsOf: CLI.repositoryRoot.appendingPathComponent("docs/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var enums: [String: [String]] = [:]
        for (path, item) in paths {
            for (method, operation) in (item as? [String: Any]) ?? [:] {
                for parameter in ((operation as? [String: Any])?["parameters"] as? [[String: Any]]) ?? []
                where parameter["name"] as? String == "template" {
                    enums["\(method.uppercased()) \(path)"] = (parameter["schema"] as? [String: Any])?["enum"] as? [String]
                }
            }
        }
        #expect(!enums.isEmpty, "docs/openapi.json has no `template` parameter any more")
        for (operation, names) in enums {
            #expect(names == TemplateCatalog.builtInNames, "\(operation): the template enum differs from TemplateCatalog.builtInNames")
        }
    }
}
