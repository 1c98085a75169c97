import FakturaXML
import FakturaTestSupport
import Foundation
import Testing

@Suite struct XMLSchemaTests {
    static let xsd = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
                   elementFormDefault="qualified">
          <xs:element name="order">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="number" type="xs:string"/>
                <xs:element name="quantity" type="xs:decimal" maxOccurs="unbounded"/>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    @Test func validDocumentPasses() throws {
        let schema = try XMLSchema(xsd: Self.xsd, source: "order.xsd")
        let xml = "<order xmlns=\"urn:t\"><number>1</number><quantity>2.5</quantity></order>"
        let root = try XMLDocument.parse(Data(xml.utf8), source: "o.xml", schema: schema)
        #expect(root.child("quantity")?.text == "2.5")
    }

    @Test func violationNamesLineAndElement() throws {
        let schema = try XMLSchema(xsd: Self.xsd, source: "order.xsd")
        let xml = "<order xmlns=\"urn:t\">\n  <number>1</number>\n  <quantity>2.5</quantity>\n  <quantity>abc</quantity>\n</order>"
        #expect {
            try XMLDocument.parse(Data(xml.utf8), source: "o.xml", schema: schema)
        } throws: { error in
            guard case let .invalid(source, issues)? = error as? XMLError, let issue = issues.first else { return false }
            return source == "o.xml" && issue.line == 4 && issue.element == "quantity"
                && issue.message.contains("abc") && !issue.message.contains("{urn:t}")
                && "\(error)".contains("line 4, element <quantity>")
        }
    }

    @Test func missingElementIsReportedAtItsParent() throws {
        let schema = try XMLSchema(xsd: Self.xsd, source: "order.xsd")
        let xml = "<order xmlns=\"urn:t\">\n  <number>1</number>\n</order>"
        #expect {
            try XMLDocument.parse(Data(xml.utf8), source: "o.xml", schema: schema)
        } throws: { error in
            guard case let .invalid(_, issues)? = error as? XMLError, let issue = issues.first else { return false }
            return issue.line == 1 && issue.element == "order" && issue.message.contains("quantity")
        }
    }

    @Test func brokenSchemaNamesItsSource() {
        let broken = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="a" type="xs:noSuchType"/>
            </xs:schema>
            """
        #expect {
            try XMLSchema(xsd: broken, source: "broken.xsd")
        } throws: { error in
            guard case let .schemaInvalid(source, issues)? = error as? XMLError, let issue = issues.first else { return false }
            return source == "broken.xsd" && issue.line == 2 && issue.message.contains("noSuchType")
                && "\(error)".hasPrefix("broken.xsd:")
        }
    }

    @Test func malformedSchemaNamesItsSourceAndLine() {
        #expect {
            try XMLSchema(xsd: "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:element>", source: "cut.xsd")
        } throws: { error in
            guard case let .schemaInvalid(source, issues)? = error as? XMLError else { return false }
            return source == "cut.xsd" && issues.first?.line == 2
                && issues.first?.message.hasPrefix("malformed XML:") == true
                && "\(error)".components(separatedBy: "cut.xsd").count == 2
        }
    }

    @Test func missingSchemaFileIsUnreadable() {
        let url = URL(fileURLWithPath: "/nonexistent/faktura/none.xsd")
        #expect {
            try XMLSchema(contentsOf: url)
        } throws: { error in
            guard case let .unreadable(source, _)? = error as? XMLError else { return false }
            return source == url.path
        }
    }

    @Test func schemaFromFileValidates() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let url = scratch.write("schema.xsd", Self.xsd)
        let schema = try XMLSchema(contentsOf: url)
        #expect(schema.source == url.path)
        #expect(throws: XMLError.self) {
            try XMLDocument.parse(Data("<order xmlns=\"urn:t\"/>".utf8), source: "o.xml", schema: schema)
        }
    }

    @Test func oneSchemaValidatesFromManyTasksAtOnce() async throws {
        let schema = try XMLSchema(xsd: Self.xsd, source: "order.xsd")
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let good = index.isMultiple(of: 2)
                    let quantity = good ? "\(index).5" : "x\(index)"
                    let xml = "<order xmlns=\"urn:t\"><number>\(index)</number><quantity>\(quantity)</quantity></order>"
                    do {
                        _ = try XMLDocument.parse(Data(xml.utf8), source: "o\(index).xml", schema: schema)
                        return good
                    } catch {
                        guard case let .invalid(source, issues)? = error as? XMLError else { return false }
                        return !good && source == "o\(index).xml" && issues.first?.message.contains("x\(index)") == true
                    }
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }
}
