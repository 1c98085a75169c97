import Testing
@testable import Mail

@Suite("posting numbers in text")
struct PostingNumberScanTests {
    @Test func findsPostingNumbersAmongWordsAndMarkup() {
        let text = "Заказ 0100000003-0001-1 и <b>12345678-0002-17</b>; 订单0100000004-0001-1发票"
        #expect(PostingNumberScan.numbers(in: text) == ["0100000003-0001-1", "12345678-0002-17", "0100000004-0001-1"])
    }

    @Test func ignoresNumbersOfTheWrongShape() {
        // Eleven digits, a three-digit middle, no serial, an order number alone.
        let text = "12345678901-0001-1 0100000003-001-1 0100000003-0001- 0100000003-0001"
        #expect(PostingNumberScan.numbers(in: text).isEmpty)
    }

    @Test func listsEachNumberOnce() {
        #expect(PostingNumberScan.numbers(in: "0100000003-0001-1, again 0100000003-0001-1") == ["0100000003-0001-1"])
    }
}
