import FakturaTestSupport
import FakturaXML
import Foundation
import Testing
import UPD

/// The tax service's schema as the project carries it, and the rules Faktura reads from it.
@Suite("UPD schema and its rules")
struct UPDSchemaTests {
    static let schemaFile = CLI.repositoryRoot.appendingPathComponent("schemas/upd-5.03/ON_NSCHFDOPPR_1_997_01_05_03_05.xsd")

    @Test func theBinaryCarriesTheSchemaByteForByte() throws {
        let onDisk = try Data(contentsOf: Self.schemaFile)
        #expect(UPDSchema.bytes == onDisk)
        #expect(UPDSchema.bytes.count == 191_027)
        let sum = try CLI.runTool("/usr/bin/sha256sum", ["-"], input: UPDSchema.bytes)
        let digest = String(sum.stdout.prefix(64))
        #expect(digest == "f98a1ac91cb840ff341976f7636d8a98d51a43e9b1cbbf3e97386551aacdb49a")
        let note = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("schemas/upd-5.03/README.md"), encoding: .utf8)
        #expect(note.contains(digest), "the source note names another checksum")
    }

    @Test func theSchemaCompiles() throws {
        _ = try UPDSchema.compiled.get()
    }

    /// 58 `<sch:assert` tags in the text: 54 live rules and 4 retired inside comments. Every live
    /// one must be read as a rule, so that none is silently dropped.
    @Test func everyAssertOfTheSchemaIsReadAsARule() throws {
        let book = try UPDSchema.rules.get()
        #expect(book.assertTagsInText + book.assertTagsInComments == 58)
        #expect(book.assertTagsInComments == 4)
        #expect(book.rules.count == book.assertTagsInText)
        #expect(book.rules.count == 54)
        #expect(Set(book.rules.map(\.code)) == ["0400300003", "0400400007"])
        #expect(book.rules.allSatisfy { !$0.context.isEmpty && !$0.test.isEmpty && !$0.message.isEmpty })
        let fileNameRule = try #require(book.rules.first { $0.code == "0400400007" })
        #expect(fileNameRule.context == "Файл")
        #expect(fileNameRule.message.contains(.valueOf("usch:getFileName()")))
        // Rules about the table, the address, marking and signer are all there.
        for context in ["Документ", "СвПрод", "СвПокуп", "СведТов", "НомСредИдентТов", "ВсегоОпл", "Подписант", "СвИнНеУч"] {
            #expect(book.rules.contains { $0.context == context }, "no rule on \(context)")
        }
    }

    @Test func aFunctionFakturaDoesNotImplementIsNamedNotSkipped() throws {
        var text = UPDSchema.bytes
        let from = Data("usch:iif(".utf8), to = Data("usch:ifnull(".utf8)
        let range = try #require(text.firstRange(of: from))
        text.replaceSubrange(range, with: to)
        #expect(throws: UPDRuleError.self) { try UPDRuleBook(xsd: text, source: "changed.xsd") }
        do {
            _ = try UPDRuleBook(xsd: text, source: "changed.xsd")
        } catch {
            #expect(error.description.contains("usch:ifnull()"))
            guard case .unimplementedFunction(let name, _) = error else {
                Issue.record("expected unimplementedFunction, got \(error)")
                return
            }
            #expect(name == "ifnull")
        }
    }

    @Test func theExtensionFunctionsBehaveAsTheRulesNeed() throws {
        let xml = Data("<Файл ИдФайл=\"ON_X\"><Документ Функция=\"СЧФ\"/></Файл>".utf8)
        let document = try XPathDocument(xml, source: "ON_X.xml", namespaces: ["usch": UPDSchema.extensionsNamespace],
                                         extensions: XPathExtensions(namespace: UPDSchema.extensionsNamespace, documentName: "ON_X"))
        let root = try #require(document.root)
        #expect(try document.boolean("usch:getFileName() = @ИдФайл", at: root))
        #expect(try document.string("usch:iif(Документ/@Функция='СЧФ', 'yes', 'no')", at: root) == "yes")
        #expect(try document.string("usch:iif(Документ/@Функция='ДОП', 'yes', 'no')", at: root) == "no")
        #expect(throws: XPathError.self) { try document.boolean("usch:iif(1, 2)", at: root) }
        #expect(throws: XPathError.self) { try document.boolean("usch:nothing()", at: root) }
        #expect(document.path(of: try #require(document.nodes("Документ", at: root).first)) == "Файл/Документ")
    }
}
