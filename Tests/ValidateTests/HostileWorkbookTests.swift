import FakturaTestSupport
import Foundation
import Testing
@testable import ERPAudit
@testable import PDFReading
@testable import Validate

/// The workbooks of issue 28 that cost gigabytes or were read two ways: each refused with an
/// error naming the file, the part and the limit, and refused before the work it would cost
/// (measured in bytes inflated, not in seconds).
@Suite("Export readers: hostile workbooks (issue 28)")
struct HostileWorkbookTests {
    static func fixture(_ name: String) throws -> URL {
        try Samples.fixture("erp-exports/\(name)")
    }

    /// Reads the workbook to its end; returns the error and the bytes inflated before it.
    static func refusal(_ data: Data, name: String) -> (error: String?, inflated: Int) {
        let count = XLSXInflationCount()
        do {
            var reader = try XLSXExportReader(data: data, name: name, inflated: count)
            while try reader.next() != nil {}
            return (nil, count.bytes)
        } catch {
            return ("\(error)", count.bytes)
        }
    }

    @Test func commentsThatFollowOneAnotherAreRefusedAtTheirBudgetNotHeld() throws {
        // 8 MiB of comments at 306:1 (make_hostile_workbooks.py); the 1.5 MB original held 1.25 GB.
        let (error, inflated) = Self.refusal(try Data(contentsOf: Self.fixture("sheet-comments.xlsx")), name: "comments.xlsx")
        let message = try #require(error)
        #expect(message.hasPrefix("comments.xlsx: sheet `orders` (xl/worksheets/sheet1.xml):"), "\(message)")
        #expect(message.hasSuffix("refused before parsing: more than 1048576 bytes in comments and processing instructions; the limit for bytes of comments and processing instructions in untrusted XML is 1048576"), "\(message)")
        // Stopped at the budget, not after the 8 MiB (nor after libxml2 read them).
        #expect(inflated < 2 << 20)
    }

    @Test func aSheetThatDeclaresMoreThanTheLimitIsRefusedBeforeItIsInflated() {
        let workbook = XLSXTestWorkbook.spaceFilledSheet(sheetBytes: 3_000_000_000)
        #expect(workbook.count < 20_000_000)
        let (error, inflated) = Self.refusal(workbook, name: "big.xlsx")
        #expect(error == "big.xlsx: part xl/worksheets/sheet1.xml declares 2861 MiB, over the limit of 2047 MiB for this part; refused before inflating it")
        // The workbook's small parts only.
        #expect(inflated < 4096)
    }

    @Test func aSheetThatInflatesPastWhatItDeclaresIsRefusedAtThatByte() {
        // Declares just under 1 MiB (so no ratio applies) and holds 3 GB.
        let declared = (1 << 20) - 1
        let workbook = XLSXTestWorkbook.spaceFilledSheet(sheetBytes: 3_000_000_000, declaredBytes: declared)
        let (error, inflated) = Self.refusal(workbook, name: "lying.xlsx")
        #expect(error == "lying.xlsx: sheet part xl/worksheets/sheet1.xml inflates to more than it declares (\(declared) bytes); refused when the inflated bytes passed that")
        // One inflation chunk past the declared size at most, of the 3 GB.
        #expect(inflated <= declared + (256 << 10))
    }

    @Test func theHandMadeDeflateStreamInflatesToWhatItSays() throws {
        let prefix = Array("<a>".utf8), suffix = Array("</a>".utf8)
        let (deflated, size) = XLSXTestWorkbook.deflatedSpaces(prefix: prefix, suffix: suffix, bytes: 100_000)
        let expected = prefix + [UInt8](repeating: 0x20, count: size - prefix.count - suffix.count) + suffix
        // zlib's wrapper around the raw stream: header 78 01, Adler-32 of the inflated bytes.
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in expected { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let adler = b << 16 | a
        let wrapped = [0x78, 0x01] + [UInt8](deflated) + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
        let inflated = try FlateInflater.inflate(wrapped, range: 0..<wrapped.count, limit: 1 << 20)
        #expect(inflated == expected)
        #expect(size > 99_000)
    }

    @Test func aWorkbookWithTwoEntriesOfOneNameIsRefusedNamingThePart() throws {
        // make_hostile_workbooks.py: Python's zipfile reads the second sheet1.xml, ZIPFoundation the first.
        let (error, inflated) = Self.refusal(try Data(contentsOf: Self.fixture("sheet-duplicate.xlsx")), name: "twice.xlsx")
        #expect(error == "twice.xlsx: the ZIP holds part xl/worksheets/sheet1.xml more than once; programs differ in which copy they read, so the workbook is refused: save it again from the spreadsheet program")
        #expect(inflated == 0)
    }

    @Test func entryNamesDifferingOnlyInCaseAreOnePart() throws {
        var zip = XLSXTestWorkbook.ZIPWriter()
        zip.addStored("xl/workbook.xml", Array("<workbook/>".utf8))
        zip.addStored("XL/Workbook.xml", Array("<workbook/>".utf8))
        let (error, _) = Self.refusal(zip.finished(), name: "case.xlsx")
        #expect(error?.hasPrefix("case.xlsx: the ZIP holds part XL/Workbook.xml more than once") == true, "\(error ?? "accepted")")
    }
}
