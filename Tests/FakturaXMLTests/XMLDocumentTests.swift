import FakturaXML
import FakturaTestSupport
import Foundation
import Testing

@Suite struct XMLDocumentTests {
    @Test func buildsTreeWithNamesNamespacesAttributesTextAndLines() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <r:root xmlns:r="urn:example" xmlns:x="urn:x" id="7" x:kind="k">
              <item>Ч &amp; 中 &#x41;<![CDATA[<raw>]]></item>
              <!-- a comment -->
              <item/>
            </r:root>
            """
        let root = try XMLDocument.parse(Data(xml.utf8), source: "t.xml")
        #expect(root.name == "root")
        #expect(root.namespace == "urn:example")
        #expect(root.attributes == ["id": "7", "{urn:x}kind": "k"])
        #expect(root.line == 2)
        #expect(root.children("item").count == 2)
        let first = try #require(root.child("item"))
        #expect(first.text == "Ч & 中 A<raw>")
        #expect(first.namespace == nil)
        #expect(first.line == 3)
        #expect(root.children[1].line == 5)
    }

    @Test func malformedXMLNamesSourceAndLine() {
        let xml = "<a>\n<b>\n</a>\n"
        #expect {
            try XMLDocument.parse(Data(xml.utf8), source: "broken.xml")
        } throws: { error in
            guard case let .malformed(source, line, message)? = error as? XMLError else { return false }
            return source == "broken.xml" && line == 3 && message.contains("mismatch")
                && "\(error)".hasPrefix("broken.xml:3:")
        }
    }

    @Test func emptyInputIsMalformedNotACrash() {
        #expect(throws: XMLError.malformed(source: "e.xml", line: 1, message: "the document is empty")) {
            try XMLDocument.parse(Data(), source: "e.xml")
        }
    }

    @Test func undeclaredEntityIsMalformed() {
        #expect {
            try XMLDocument.parse(Data("<a>\n&foo;</a>".utf8), source: "u.xml")
        } throws: { error in
            guard case let .malformed(_, line, message)? = error as? XMLError else { return false }
            return line == 2 && message.contains("foo")
        }
    }

    @Test func unboundNamespacePrefixIsMalformed() {
        #expect(throws: XMLError.self) {
            try XMLDocument.parse(Data("<p:a/>".utf8), source: "ns.xml")
        }
    }

    @Test func doctypeIsRefusedWithItsLine() {
        let xml = "<?xml version=\"1.0\"?>\n\n<!DOCTYPE a>\n<a/>"
        #expect(throws: XMLError.doctypeNotAllowed(source: "d.xml", line: 3)) {
            try XMLDocument.parse(Data(xml.utf8), source: "d.xml")
        }
        let description = XMLError.doctypeNotAllowed(source: "d.xml", line: 3).description
        #expect(description.contains("DOCTYPE is not allowed"))
    }

    @Test func externalEntityNeverReadsTheFile() throws {
        let scratch = ScratchFolder()
        defer { scratch.remove() }
        let folder = scratch.url
        let secret = "TOP-SECRET-\(UUID().uuidString)"
        let secretFile = folder.appendingPathComponent("secret.txt")
        try Data(secret.utf8).write(to: secretFile)
        let variants = [
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"\(secretFile.absoluteString)\">]>\n<r>&x;</r>",
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"\(secretFile.path)\">]>\n<r>&x;</r>",
            "<!DOCTYPE r SYSTEM \"\(secretFile.absoluteString)\">\n<r/>",
            "<!DOCTYPE r [<!ENTITY % p SYSTEM \"\(secretFile.absoluteString)\"> %p;]>\n<r/>",
        ]
        for xml in variants {
            var message = ""
            do {
                let node = try XMLDocument.parse(Data(xml.utf8), source: "xxe.xml")
                message = "parsed: \(node)"
            } catch {
                message = "\(error)"
                #expect(error == .doctypeNotAllowed(source: "xxe.xml", line: 1))
            }
            #expect(!message.contains(secret))
            #expect(!message.contains("TOP-SECRET"))
        }
    }

    @Test func billionLaughsEndsQuicklyWithAnError() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>\n"
        let clock = ContinuousClock()
        var caught: XMLError?
        let elapsed = clock.measure {
            do { _ = try XMLDocument.parse(Data(xml.utf8), source: "bomb.xml") } catch { caught = error as? XMLError }
        }
        #expect(caught == .doctypeNotAllowed(source: "bomb.xml", line: 2))
        // Generous guard for slow CI machines; the real figure is microseconds (see report).
        #expect(elapsed < .seconds(5))
        print("billion laughs rejected in \(elapsed)")
    }

    @Test func hundredThousandLevelsOfNestingGiveAnErrorNotACrash() {
        let depth = 100_000
        var xml = String(repeating: "<a>", count: depth)
        xml += String(repeating: "</a>", count: depth)
        #expect {
            try XMLDocument.parse(Data(xml.utf8), source: "deep.xml")
        } throws: { error in
            // Refused by the budget pre-scan at the same depth libxml2 itself would stop at.
            guard case let .overBudget(source, _, limit, maximum, _)? = error as? XMLError else { return false }
            return source == "deep.xml" && limit == .depth && maximum == 256
        }
    }

    @Test func nestingWithinLibxml2LimitIsAccepted() throws {
        let depth = 200
        let xml = String(repeating: "<a>", count: depth) + "x" + String(repeating: "</a>", count: depth)
        var node = try XMLDocument.parse(Data(xml.utf8), source: "ok.xml")
        var levels = 1
        while let child = node.child("a") { node = child; levels += 1 }
        #expect(levels == depth)
        #expect(node.text == "x")
    }

    @Test func lineNumbersAbove65535StayExact() throws {
        let xml = "<r>" + String(repeating: "\n", count: 70_000) + "<deep/></r>"
        let root = try XMLDocument.parse(Data(xml.utf8), source: "long.xml")
        #expect(root.child("deep")?.line == 70_001)
    }

    @Test func parsesOneMegabyteDocument() throws {
        var xml = "<rows>\n"
        var count = 0
        while xml.utf8.count < 1_000_000 {
            xml += "  <row n=\"\(count)\"><name>Смартфон 中文 \(count)</name><price>12345.67</price></row>\n"
            count += 1
        }
        xml += "</rows>\n"
        let data = Data(xml.utf8)
        let clock = ContinuousClock()
        var root: XMLNode?
        let elapsed = try clock.measure { root = try XMLDocument.parse(data, source: "big.xml") }
        #expect(root?.children.count == count)
        #expect(root?.children.last?.attributes["n"] == String(count - 1))
        print("parsed \(data.count) bytes (\(count) rows) in \(elapsed)")
    }
}
