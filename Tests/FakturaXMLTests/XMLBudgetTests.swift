import FakturaXML
import Foundation
import Testing

/// Hostile XML is refused by the budget pre-scan before libxml2 parses it (issue: 60,000
/// attributes on one element took libxml2 over 20 s).
@Suite("XML input budgets")
struct XMLBudgetTests {
    private func element(attributes count: Int) -> Data {
        var text = #"<invoice xmlns="urn:faktura:invoice:1"><number"#
        for index in 0..<count { text += #" a\#(index)="\#(index)""# }
        return Data((text + ">1</number></invoice>").utf8)
    }

    /// The XMLError the body throws, nil when it throws nothing (or something else).
    private func overBudget(_ body: () throws -> Void) -> XMLError? {
        do {
            try body()
            return nil
        } catch {
            return error as? XMLError
        }
    }

    @Test func sixtyThousandAttributesAreRefusedBeforeParsing() throws {
        let error = try #require(overBudget { _ = try InvoiceXML.decode(element(attributes: 60_000), source: "hostile.xml") })
        guard case let .overBudget(source, line, limit, maximum, _) = error else {
            Issue.record("expected overBudget, got \(error)")
            return
        }
        #expect(source == "hostile.xml" && line == 1 && limit == .attributesPerElement && maximum == 256)
        #expect(error.description.contains("hostile.xml:1: refused before parsing"))
        #expect(error.description.contains("attributes per element in untrusted XML is 256"))
    }

    @Test func attributesUpToTheBudgetReachLibxml2() {
        // 256 attributes pass the pre-scan; the schema then refuses them, which proves libxml2 ran.
        let error = overBudget { _ = try InvoiceXML.decode(element(attributes: 256), source: "wide.xml") }
        guard case .invalid = error else {
            Issue.record("expected a schema error, got \(String(describing: error))")
            return
        }
    }

    @Test func deepNestingIsRefusedAtTheLineWhereItCrossesTheLimit() throws {
        let text = "<a>\n" + String(repeating: "<b>", count: 10_000) + String(repeating: "</b>", count: 10_000) + "</a>"
        let error = try #require(overBudget { _ = try XMLDocument.parse(Data(text.utf8), source: "deep.xml") })
        guard case let .overBudget(_, line, limit, maximum, _) = error else {
            Issue.record("expected overBudget, got \(error)")
            return
        }
        #expect(limit == .depth && maximum == XMLBudget.standard.maximumDepth && line == 2)
        #expect(error.description.hasPrefix("deep.xml:2: refused before parsing"))
    }

    @Test func nodeAndByteBudgetsAreEachNamed() throws {
        var budget = XMLBudget.standard
        budget.maximumNodes = 10
        let many = "<a>" + String(repeating: "<b/><!-- c -->", count: 6) + "</a>"
        let nodes = try #require(overBudget { _ = try XMLDocument.parse(Data(many.utf8), source: "many.xml", budget: budget) })
        guard case .overBudget(_, _, .nodes, 10, _) = nodes else {
            Issue.record("expected the node limit, got \(nodes)")
            return
        }
        budget = .standard
        budget.maximumBytes = 16
        let bytes = try #require(overBudget {
            _ = try XMLDocument.parse(Data("<a>0123456789abcdef</a>".utf8), source: "big.xml", budget: budget)
        })
        #expect(bytes.description == "big.xml: refused before parsing: 23 bytes; the limit for bytes in untrusted XML is 16")
    }

    @Test func markupInsideValuesCommentsAndCDATAIsNotCounted() throws {
        var budget = XMLBudget.standard
        budget.maximumAttributesPerElement = 1
        budget.maximumDepth = 2
        let text = #"<a x="1=2 &lt;b> c=d"><!-- <c><c><c> --><![CDATA[<d><d><d>]]><?pi <e><e>?><f y='>'/></a>"#
        let root = try XMLDocument.parse(Data(text.utf8), source: "tricky.xml", budget: budget)
        #expect(root.attributes["x"] == "1=2 <b> c=d")
        #expect(root.children.map(\.name) == ["f"])
    }

    // MARK: Streamed scan

    /// The stream scan's verdict on `text` fed in pieces of `size` bytes.
    private func streamed(_ text: String, pieces size: Int) -> XMLError? {
        var scan = XMLBudgetStreamScan(source: "sheet.xml", budget: .streamed)
        let bytes = Array(text.utf8)
        do {
            var at = 0
            while at < bytes.count {
                let end = min(at + size, bytes.count)
                try bytes[at..<end].withUnsafeBytes { raw in try scan.feed(raw) }
                at = end
            }
            return nil
        } catch {
            return error as? XMLError
        }
    }

    /// Whether the stream scan saw a `mergeCell` start tag in `text` fed `size` bytes at a time.
    private func sawMergeCell(_ text: String, pieces size: Int) throws -> Bool {
        var scan = XMLBudgetStreamScan(source: "sheet.xml", budget: .streamed, watching: "mergeCell")
        let bytes = Array(text.utf8)
        var at = 0
        while at < bytes.count {
            let end = min(at + size, bytes.count)
            try bytes[at..<end].withUnsafeBytes { raw in try scan.feed(raw) }
            at = end
        }
        return scan.sawWatchedElement
    }

    @Test func theStreamedScanTellsWhetherAWatchedElementStartsAcrossPiecesAndPrefixes() throws {
        let seen = [
            #"<worksheet><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>"#,
            #"<x:worksheet><x:mergeCells><x:mergeCell ref="A2:A3"/></x:mergeCells></x:worksheet>"#,
            "<w><mergeCell\n ref='A2:A3'></mergeCell></w>",
        ]
        // The name in text, a comment, CDATA, an attribute value, an end tag, or as part of a longer name.
        let unseen = [
            "<w><c><t>mergeCell</t></c></w>",
            "<w><!-- <mergeCell ref='A2:A3'/> --><![CDATA[<mergeCell/>]]></w>",
            #"<w><c t="<mergeCell/>"/></w>"#,
            "<w><mergeCells count=\"0\"/></w></mergeCell>",
            "<w><amergeCell/><mergeCellx/><merge:Cell/></w>",
        ]
        for size in [1, 2, 3, 7, 1000] {
            for text in seen { #expect(try sawMergeCell(text, pieces: size), "\(text) in pieces of \(size)") }
            for text in unseen { #expect(try !sawMergeCell(text, pieces: size), "\(text) in pieces of \(size)") }
        }
    }

    @Test func theStreamedScanCountsAcrossPiecesAsTheWholeScanDoes() {
        let wide = "<a " + (0..<257).map { "x\($0)='=\"'" }.joined(separator: " ") + "/>"
        let fits = "<a " + (0..<256).map { "x\($0)=\"1\"" }.joined(separator: " ") + "/>"
        let deep = String(repeating: "<r>", count: 257) + String(repeating: "</r>", count: 257)
        let deepEnough = String(repeating: "<r>", count: 256) + String(repeating: "</r>", count: 256)
        // `=` and `<` inside comments, CDATA and instructions are text, not attributes or tags;
        // `<r/>` and end tags do not nest.
        let skipped = "<a><!-- <b " + String(repeating: "c=1 ", count: 300) + "--->"
            + "<![CDATA[" + String(repeating: "<r>", count: 300) + "]]]>"
            + "<?pi " + String(repeating: "d=1 ", count: 300) + "?>"
            + String(repeating: "<r/>", count: 300) + String(repeating: "<r></r>", count: 300) + "</a>"
        for size in [1, 2, 3, 7, 1 << 20] {
            let w = streamed(wide, pieces: size)
            guard case let .overBudget(_, line, limit, maximum, _) = w else {
                Issue.record("257 attributes passed in pieces of \(size)")
                continue
            }
            #expect(line == 1 && limit == .attributesPerElement && maximum == 256)
            #expect(streamed(fits, pieces: size) == nil, "256 attributes, pieces of \(size)")
            guard case .overBudget(_, _, .depth, 256, _) = streamed(deep, pieces: size) else {
                Issue.record("257 levels passed in pieces of \(size)")
                continue
            }
            #expect(streamed(deepEnough, pieces: size) == nil, "256 levels, pieces of \(size)")
            #expect(streamed(skipped, pieces: size) == nil, "markup inside comments, CDATA, instructions, pieces of \(size)")
        }
    }
}
