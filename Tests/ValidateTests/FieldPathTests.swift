import Foundation
import Testing
import Findings

@Suite("FieldPath: typed places, written as reports always wrote them")
struct FieldPathTests {
    @Test func typedPathsAreWrittenAsTheReportText() {
        #expect(FieldPath.key("lines").index(2).key("hsCode").description == "lines[2].hsCode")
        #expect(FieldPath.key("lines").index(0).key("markingCodes").index(1).description == "lines[0].markingCodes[1]")
        #expect(FieldPath.line(17).key("hs_code").description == "line 17 hs_code")
        #expect(FieldPath.line(6).description == "line 6")
        #expect(FieldPath.label("invoice.xml").appending(.key("lines").index(0).key("vatRate")).description
                == "invoice.xml lines[0].vatRate")
        #expect(FieldPath.label("invoice.xml").appending(nil).description == "invoice.xml")
        #expect(FieldPath.label("table row 3 (page 1)").key("amount").description == "table row 3 (page 1) amount")
    }

    @Test func aFixedLiteralHasTheComponentsOfItsTypedForm() {
        let literal: FieldPath = "seller.taxIds"
        #expect(literal.components == [.key("seller"), .key("taxIds")])
        #expect(FieldPath(text: "lines[2].hsCode").components == [.key("lines"), .index(2), .key("hsCode")])
        #expect(FieldPath(text: "line 17 hs_code").components == [.line(17), .key("hs_code")])
        #expect(FieldPath(text: "line 17 hs_code") == FieldPath.line(17).key("hs_code"))
    }

    @Test(arguments: ["lines[2].hsCode", "line 17 hs_code", "invoice.xml lines[0].vatRate", "lines 3-7", "quantity x unit_price",
                      "Файл/Документ/ТаблСчФакт (line 12)", "", " ", "a..b", "lines[", "line 07", "line -1 x", "x  y", "mbox:3, part 1.2"])
    func anyTextReadsBackAsItself(text: String) throws {
        let path = FieldPath(text: text)
        #expect(path.description == text)
        let finding = Finding(code: .schema, field: path, message: "m")
        let json = try JSONEncoder().encode(finding)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["field"] as? String == text)
        #expect(try JSONDecoder().decode(Finding.self, from: json).field == path)
    }

    @Test func aFindingWithoutPlaceWritesNull() throws {
        let json = String(decoding: try JSONEncoder().encode(Finding(code: .schema, message: "m")), as: UTF8.self)
        #expect(json.contains("\"field\":null"))
    }
}

@Suite("FieldPath: interpolated text, kept for code written before paths were typed")
struct FieldPathInterpolationTests {
    @available(*, deprecated, message: "exercises the deprecated interpolation on purpose")
    @Test func anInterpolatedPathHasTheComponentsOfItsTypedForm() {
        let index = 2, line = 17
        let interpolated: FieldPath = "lines[\(index)].hsCode"
        #expect(interpolated.components == FieldPath.key("lines").index(2).key("hsCode").components)
        let row: FieldPath = "line \(line) hs_code"
        #expect(row.components == [.line(17), .key("hs_code")])
    }
}
