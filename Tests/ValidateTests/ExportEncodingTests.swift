import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import ERPAudit

/// Telling an export's text encoding from its bytes (docs/erp-exports.md, "Encodings"), on text
/// in one script and in two: Chinese ERPs write Chinese headers and Russian product names.
@Suite struct ExportEncodingTests {
    /// One sample of Fixtures/erp-exports/encoding-samples.json (make_encoding_samples.py).
    struct Sample: Decodable, CustomTestStringConvertible {
        var name: String
        var encoding: String
        var text: String
        var bytes: String
        var testDescription: String { name }
    }

    static let samples: [Sample] = {
        let url = try! Samples.fixture("erp-exports/encoding-samples.json")
        return try! JSONDecoder().decode([Sample].self, from: Data(contentsOf: url))
    }()

    /// Chinese-only, Russian-only (Windows-1251, KOI8-R, UTF-8, GB18030, UTF-16) and mixed
    /// samples in every encoding they are written in: each is told from its bytes and reads back
    /// as the text it was written from.
    @Test(arguments: ExportEncodingTests.samples)
    func eachSampleIsToldFromItsBytes(sample: Sample) throws {
        let bytes = [UInt8](try #require(Data(base64Encoded: sample.bytes)))
        let expected = try #require(ExportEncoding(name: sample.encoding))
        let detected = try ExportEncoding.detect(head: bytes, atEnd: true).get()
        #expect(detected.encoding == expected)
        #expect(IconvTranscoder.decodeSample(bytes, from: detected.encoding, atEnd: true) == sample.text)
    }

    @Test func theSamplesCoverEveryScriptAndEncoding() {
        let kinds = Set(Self.samples.map { String($0.name.prefix { $0 != "-" }) })
        #expect(kinds == ["ru", "zh", "mixed"])
        #expect(Set(Self.samples.map(\.encoding)) == ["windows-1251", "koi8-r", "utf-8", "gb18030", "utf-16le", "utf-16be"])
        #expect(Self.samples.count >= 60)
    }

    /// The case of issue 22: a GB18030 export with Chinese headers and Russian product names was
    /// refused ("GB18030: plausibility 38%"). GB18030, UTF-8, UTF-16 without a mark and the
    /// workbook give the report of the canonical CSV with the same lines.
    @Test func mixedScriptExportsGiveTheCanonicalReportInEveryEncodingAndTheWorkbook() async throws {
        let canonical = try await ERPExportTests.report(ERPExportTests.fixture("orders-canonical-ru.csv"))
        #expect(canonical.contains("\"postings\": 3"))
        let preset = ExportMapping(preset: .dianxiaomi)
        for name in ["orders-zh-ru-gb18030.csv", "orders-zh-ru-utf8.csv", "orders-zh-ru-utf16le-nobom.csv", "orders-zh-ru.xlsx"] {
            let report = try await ERPExportTests.report(ERPExportTests.fixture(name), mapping: preset)
            #expect(report == canonical, "\(name) differs from the canonical CSV")
        }
        let bytes = [UInt8](try Data(contentsOf: ERPExportTests.fixture("orders-zh-ru-gb18030.csv")))
        #expect(try ExportEncoding.detect(head: bytes, atEnd: true).get().encoding == .gb18030)
        let reader = try CSVExportReader(bytes: bytes, mapping: preset)
        let first = try #require(AuditRead.records(try AuditRead.all(reader)).first)
        #expect(first[.productName] == "Механическая клавиатура")
        #expect(first[.status] == "待发货")
    }

    /// Capitals of one single-byte Cyrillic table are lower-case letters of the other: a lone
    /// word in capitals is really ambiguous. The refusal shows what each candidate reads.
    @Test func aReallyAmbiguousExportIsRefusedWithWhatEachCandidateReads() throws {
        let bytes: [UInt8] = Array("posting_number,name\n1,".utf8) + [0xD7, 0xC0, 0xC9] + [0x0A]   // ЧАЙ in Windows-1251
        do {
            _ = try CSVExportReader(bytes: bytes, name: "orders.csv")
            Issue.record("an ambiguous export was read")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("orders.csv: cannot tell the text encoding (tried UTF-8: not valid UTF-8; "), "\(message)")
            #expect(message.contains("Windows-1251: plausibility "), "\(message)")
            #expect(message.contains("reads \"1,ЧАЙ\""), "\(message)")
            #expect(message.contains("reads \"1,вюи\""), "\(message)")
            #expect(message.hasSuffix("name it with --encoding (utf-8, utf-16le, utf-16be, gb18030, windows-1251, koi8-r)"))
        }
        // Named, it is read.
        let reader = try CSVExportReader(bytes: bytes, encoding: .windows1251, name: "orders.csv")
        #expect(reader.headers == ["posting_number", "name"])
    }

    @Test func russianUTF16WithoutAMarkAndFewASCIICharactersIsScoredNotTakenForUTF8() throws {
        // Cyrillic in UTF-16 LE is a letter byte and 0x04: valid UTF-8 bytes, with NULs between
        // the few ASCII characters. Too few NULs for the NUL rule; the scores decide.
        let text = "Наименование товара\nМеханическая клавиатура беспроводная\n"
        let bytes = [UInt8](text.data(using: .utf16LittleEndian)!)
        #expect(ExportEncoding.utf16WithoutMark(bytes, atEnd: true) == nil)
        #expect(try ExportEncoding.detect(head: bytes, atEnd: true).get().encoding == .utf16LE)
    }

    @Test func plausibilityJudgesWordsOfEachScript() {
        func score(_ text: String, _ encoding: ExportEncoding) -> Double {
            ExportEncoding.plausibility(of: text, as: encoding, bytes: [])
        }
        // Russian words score high; the same letters in impossible case patterns or between stray symbols do not.
        #expect(score("Механическая клавиатура", .windows1251) > 0.9)
        #expect(score("мЕХАНИЧЕСКАЯ кЛАВИАТУРА", .windows1251) < 0.1)
        #expect(score("╖а╗б╡в", .koi8R) < 0.1)
        // Rare letters (a wrong table's swap) score lower than frequent ones.
        #expect(score("ъюйщ эфъ", .windows1251) < score("оеа нит", .windows1251) - 0.3)
        // Both scripts at once score as high as either alone.
        #expect(score("订单号 Механическая клавиатура", .utf16LE) > 0.9)
    }
}
