import Archive
import Foundation
import Testing

@Suite("Entry encoding")
struct EntryEncodingTests {
    static let entry = ArchiveEntry(
        sequence: 7, posting: "0123456789-0001-1", marketplace: "ozon", orderNumber: nil,
        recordedAt: "2026-11-27T18:49:00.123Z",
        invoice: InvoiceSummary(number: "CN-1", date: "2026-11-27", currency: "RUB", amountWithVatMinor: 2_469_134, minorUnits: 2),
        agent: "faktura 0.1.0",
        documents: [ArchivedDocument(kind: .pdf, name: "счёт.pdf", mediaType: "application/pdf", size: 10,
                                     sha256: String(repeating: "a", count: 64))],
        previousHash: EntryEncoding.genesis, entryHash: "")

    @Test func theCanonicalBytesAreExactlyAsDocumented() {
        let expected = """
            faktura-archive-entry 1
            sequence 1:7
            previous 64:\(EntryEncoding.genesis)
            recorded-at 24:2026-11-27T18:49:00.123Z
            posting 17:0123456789-0001-1
            marketplace 4:ozon
            order -
            invoice-number 4:CN-1
            invoice-date 10:2026-11-27
            currency 3:RUB
            amount-with-vat-minor 7:2469134
            minor-units 1:2
            agent 13:faktura 0.1.0
            documents 1:1
            document-kind 3:pdf
            document-name 12:счёт.pdf
            document-media-type 15:application/pdf
            document-size 2:10
            document-sha256 64:\(String(repeating: "a", count: 64))

            """
        #expect(String(decoding: EntryEncoding.canonicalBytes(of: Self.entry), as: UTF8.self) == expected)
        #expect(EntryEncoding.hash(of: Self.entry) == ContentHash.sha256(Data(expected.utf8)))
    }

    @Test func lengthPrefixesKeepShiftedTextApart() {
        var a = Self.entry, b = Self.entry
        a.posting = "12"
        a.marketplace = "3"
        b.posting = "1"
        b.marketplace = "23"
        #expect(EntryEncoding.hash(of: a) != EntryEncoding.hash(of: b))
        var absent = Self.entry, empty = Self.entry
        absent.orderNumber = nil
        empty.orderNumber = ""
        #expect(EntryEncoding.hash(of: absent) != EntryEncoding.hash(of: empty))
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(EntryEncoding.timestamp(Date(timeIntervalSince1970: 1_795_790_940.123_4)) == "2026-11-27T14:49:00.123Z")
        #expect(EntryEncoding.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func minorUnitsPrintAsDecimalText() {
        #expect(InvoiceSummary(number: "", date: "", currency: "RUB", amountWithVatMinor: 2_469_134, minorUnits: 2)
            .amountWithVatText == "24691.34")
        #expect(InvoiceSummary(number: "", date: "", currency: "RUB", amountWithVatMinor: 5, minorUnits: 2)
            .amountWithVatText == "0.05")
        #expect(InvoiceSummary(number: "", date: "", currency: "JPY", amountWithVatMinor: 500, minorUnits: 0)
            .amountWithVatText == "500")
    }

    @Test func documentNamesCannotLeaveTheirFolder() {
        #expect(ArchivedDocument.safeName("../../etc/passwd") == "passwd")
        #expect(ArchivedDocument.safeName("..\\a\\..hidden") == "hidden")
        #expect(ArchivedDocument.safeName("a\nb%c.pdf") == "a_b_c.pdf")
        #expect(ArchivedDocument.safeName("") == "document")
    }
}
