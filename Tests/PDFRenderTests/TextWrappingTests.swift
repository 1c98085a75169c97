import Testing
@testable import PDFRender

@Suite struct TextWrappingTests {
    static func chain() throws -> FontChain {
        let fonts = try FontSet.system.regular.map { try FontCache.font($0) }
        return FontChain(fonts: fonts, slots: Array(fonts.indices))
    }

    @Test func wrapsAtSpacesWithEveryLineWithinTheWidth() throws {
        let chain = try Self.chain()
        let text = "Зарядное устройство USB-C 33 Вт с кабелем длиной 1 метр в комплекте"
        let lines = TextWrapping.lines(text, width: 80, size: 8, chain: chain)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { chain.width($0, size: 8) <= 80 })
        #expect(lines.joined(separator: " ") == text)
    }

    @Test func longCustomsNumberBreaksAfterASlashAndChineseBetweenCharacters() throws {
        let chain = try Self.chain()
        let declaration = TextWrapping.lines("10702070/271126/3123456", width: 90, size: 8, chain: chain)
        #expect(declaration == ["10702070/271126/", "3123456"])
        let narrow = TextWrapping.lines("10702070/271126/3123456", width: 60, size: 8, chain: chain)
        #expect(narrow == ["10702070/", "271126/", "3123456"])
        #expect(declaration.joined() == "10702070/271126/3123456")
        let chinese = TextWrapping.lines(String(repeating: "深圳市示例科技有限公司", count: 3), width: 50, size: 10, chain: chain)
        #expect(chinese.count > 3)
        #expect(chinese.allSatisfy { chain.width($0, size: 10) <= 50 })
    }

    @Test func keepsExplicitNewlinesAndFitsShortTextOnOneLine() throws {
        let chain = try Self.chain()
        #expect(TextWrapping.lines("one\ntwo", width: 200, size: 8, chain: chain) == ["one", "two"])
        #expect(TextWrapping.lines("short", width: 200, size: 8, chain: chain) == ["short"])
        #expect(TextWrapping.lines("", width: 200, size: 8, chain: chain).isEmpty)
    }
}
