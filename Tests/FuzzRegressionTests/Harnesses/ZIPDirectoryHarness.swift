// Fuzz harness: the XLSX reader's opening of a ZIP (ZIPFoundation's central directory, then the
// reader's budgets: entry count, unique names, declared sizes and ratios) with the directory
// taken from the input, around the entries of a small workbook. Compiled alone into
// `fuzz-ZIPDirectory` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import ERPAudit

enum ZIPDirectoryHarness {
    /// A workbook's entries, stored: what a fuzzed directory may point into.
    static let entries: [(name: String, bytes: [UInt8])] = [
        ("xl/workbook.xml", Array(#"<workbook xmlns:r="r"><sheets><sheet name="s" r:id="rId1"/></sheets></workbook>"#.utf8)),
        ("xl/_rels/workbook.xml.rels", Array(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8)),
        ("xl/worksheets/sheet1.xml", Array(#"<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>posting_number</t></is></c></row><row r="2"><c t="inlineStr"><is><t>0100000001-0001-1</t></is></c></row></sheetData></worksheet>"#.utf8)),
    ]

    /// The local headers and data of ``entries``, and the central directory that describes them
    /// (the seed's directory; the fuzzer changes it).
    static func parts() -> (body: [UInt8], directory: [UInt8]) {
        var body: [UInt8] = [], directory: [UInt8] = []
        func le16(_ value: Int, _ into: inout [UInt8]) { into += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32, _ into: inout [UInt8]) { for shift in [0, 8, 16, 24] { into.append(UInt8(value >> UInt32(shift) & 0xFF)) } }
        for (name, bytes) in entries {
            let offset = UInt32(body.count)
            let crc = crc32(bytes)
            func common(_ into: inout [UInt8]) {
                le16(0, &into); le16(0, &into); le16(0x21, &into)
                le32(crc, &into); le32(UInt32(bytes.count), &into); le32(UInt32(bytes.count), &into)
                le16(name.utf8.count, &into); le16(0, &into)
            }
            le32(0x0403_4B50, &body); le16(20, &body); le16(0, &body); common(&body)
            body += Array(name.utf8) + bytes
            le32(0x0201_4B50, &directory); le16(20, &directory); le16(20, &directory); le16(0, &directory); common(&directory)
            le16(0, &directory); le16(0, &directory); le16(0, &directory); le32(0, &directory); le32(offset, &directory)
            directory += Array(name.utf8)
        }
        return (body, directory)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The input is the entry count (two bytes, little endian) and the central directory.
    static func workbook(_ data: Data) -> Data {
        let input = [UInt8](data)
        let count = input.count >= 2 ? Int(input[0]) | Int(input[1]) << 8 : 0
        let directory = Array(input.dropFirst(2))
        var zip = parts().body
        let offset = zip.count
        zip += directory
        zip += [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0]
        zip += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(count & 0xFF), UInt8(count >> 8)]
        for value in [directory.count, offset] { zip += [0, 8, 16, 24].map { UInt8(value >> $0 & 0xFF) } }
        zip += [0, 0]
        return Data(zip)
    }

    /// Opens the workbook and reads its rows; the error's text when refused, nil when read.
    static func run(_ data: Data) -> String? {
        do {
            var reader = try XLSXExportReader(data: workbook(data), name: "orders.xlsx")
            while try reader.next() != nil {}
            return nil
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-ZIPDirectory` runs this harness under libFuzzer.
@main extension ZIPDirectoryHarness: LibFuzzerHarness {}
#endif
