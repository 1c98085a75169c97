import FakturaTestSupport
import Foundation
import InvoiceModel
import Testing
@testable import ERPAudit

/// What sellers' ERPs really export: workbooks, legacy encodings, presets, and the cases where
/// the audit must say what it cannot tell instead of guessing.
@Suite struct ERPExportTests {
    static let today = LocalDate(year: 2026, month: 12, day: 1)!

    static func fixture(_ name: String) throws -> URL {
        try Samples.fixture("erp-exports/\(name)")
    }

    /// The audit as JSON, without the lines naming the export file and its header row (the only
    /// lines that differ between formats).
    static func report(_ url: URL, mapping: ExportMapping = .identity, sheet: String? = nil,
                       encoding: ExportEncoding? = nil) async throws -> String {
        var options = ExportAudit.Options(mapping: mapping, jobs: 1, today: today)
        options.sheet = sheet
        options.encoding = encoding
        let report = try await ExportAudit(options: options).run(export: url)
        return String(decoding: report.json(), as: UTF8.self)
            .split(separator: "\n").filter { !$0.hasPrefix("  \"export\":") && !$0.hasPrefix("  \"headerRow\":") }.joined(separator: "\n")
    }

    // MARK: Same data, every format and encoding

    @Test func workbookGB18030AndUTF16ExportsGiveTheCanonicalReport() async throws {
        let canonical = try await Self.report(Self.fixture("orders-canonical.csv"))
        let preset = ExportMapping(preset: .dianxiaomi)
        #expect(canonical.contains("\"postings\": 3"))
        #expect(canonical.contains("\"skipped\": 1"))
        for name in ["orders-zh.xlsx", "orders-zh-gb18030.csv", "orders-zh-utf16.txt",
                     "orders-zh-utf16le-nobom.txt", "orders-zh-utf16be-nobom.csv"] {
            let report = try await Self.report(Self.fixture(name), mapping: preset)
            #expect(report == canonical, "\(name) differs from the canonical CSV")
        }
    }

    /// Ozon's postings report with the header of a real 2026 report (36 columns, `;`, quoted):
    /// an order with two postings stays two postings, the article keeps its leading zeros, the
    /// report's statuses are Ozon's, and a cancelled posting needs no invoice.
    @Test func ozonPostingsReportIsReadThroughItsPreset() async throws {
        let url = try Self.fixture("ozon-postings-report.csv")
        let reader = try CSVExportReader(url: url, mapping: ExportMapping(preset: .ozonSeller))
        #expect(reader.separator == ";")
        let records = AuditRead.records(try AuditRead.all(reader))
        #expect(records.map { $0[.postingNumber] } == ["0100000005-0001-1", "0100000005-0001-2", "0100000006-0001-1"])
        #expect(records.map { $0[.orderNumber] } == ["0100000005-0001", "0100000005-0001", "0100000006-0001"])
        #expect(records.map { $0[.offerId] } == ["0000010", "0000011", "0000063"])
        #expect(records[0][.sku] == "1234567890")
        #expect(records[0][.productName] == "Механическая клавиатура")
        #expect(records[0][.orderDate] == "2026-11-20 03:12:43")
        let report = try await Self.report(url, mapping: ExportMapping(preset: .ozonSeller))
        #expect(report.contains("\"postings\": 3"))
        #expect(report.contains("\"skipped\": 1"))
        #expect(!report.contains("STATUS_UNKNOWN"))
    }

    /// 领星's default export merges an order's own cells over the rows of its lines: each line
    /// still belongs to its posting (the merged value is filled down), as when exported without
    /// merged cells — and its `SKU` (领星's local SKU) is not taken for Ozon's.
    @Test func mergedOrderCellsAreFilledDownToEveryLineOfTheOrder() async throws {
        let preset = ExportMapping(preset: .lingxing)
        let reader = try XLSXExportReader(url: Self.fixture("orders-lingxing-merged.xlsx"), mapping: preset)
        let items = try AuditRead.all(reader)
        #expect(AuditRead.malformed(items).isEmpty)
        let records = AuditRead.records(items)
        #expect(records.map { $0[.postingNumber] } == ["0100000021-0001-1", "0100000021-0001-1", "0100000021-0001-1",
                                                      "0100000022-0001-1", "0100000023-0001-1", "0100000023-0001-1"])
        #expect(records.map { $0[.status] } == ["待发货", "待发货", "待发货", "已取消/不发货", "已发货", "已发货"])
        #expect(records.map { $0[.offerId] } == ["KB-01", "MS-02", "CB-03", "TE-04", "KB-01", "TE-04"])
        #expect(records.allSatisfy { $0[.sku].isEmpty && $0[.currency] == "CNY" })
        let merged = try await Self.report(Self.fixture("orders-lingxing-merged.xlsx"), mapping: preset)
        let unmerged = try await Self.report(Self.fixture("orders-lingxing.xlsx"), mapping: preset)
        #expect(merged == unmerged)
        #expect(merged.contains("\"postings\": 3"))
        #expect(merged.contains("\"skipped\": 1"))
    }

    @Test func mergedRegionsAreReadAsRanges() {
        let range = XLSXMergedCells.range("B2:C4")
        #expect(range?.column == 1 && range?.firstRow == 2 && range?.lastRow == 4)
        #expect(XLSXMergedCells.range("AA10:AA12")?.column == 26)
        for bad in ["B2", "B4:B2", "C2:B4", "2:4", "B:C", "B2:C4:D5", ""] {
            #expect(XLSXMergedCells.range(bad) == nil, "\(bad)")
        }
    }

    @Test func koi8RAndWindows1251ExportsGiveTheCanonicalReport() async throws {
        let canonical = try await Self.report(Self.fixture("orders-canonical-ru.csv"))
        let preset = ExportMapping(preset: .ozonSeller)
        for name in ["orders-ru-koi8r.csv", "orders-ru-cp1251.csv"] {
            let report = try await Self.report(Self.fixture(name), mapping: preset)
            #expect(report == canonical, "\(name) differs from the canonical CSV")
        }
    }

    @Test func encodingsAreDetectedFromTheBytes() throws {
        let cases: [(String, ExportEncoding)] = [
            ("orders-zh-gb18030.csv", .gb18030), ("orders-zh-utf16.txt", .utf16LE),
            ("orders-zh-utf16le-nobom.txt", .utf16LE), ("orders-zh-utf16be-nobom.csv", .utf16BE),
            ("orders-ru-koi8r.csv", .koi8R), ("orders-ru-cp1251.csv", .windows1251), ("orders-canonical.csv", .utf8),
        ]
        for (name, expected) in cases {
            let bytes = [UInt8](try Data(contentsOf: Self.fixture(name)))
            let detected = try ExportEncoding.detect(head: bytes, atEnd: true).get()
            #expect(detected.encoding == expected, "\(name)")
        }
    }

    @Test func utf16WithoutAByteOrderMarkIsToldByItsNULBytesAndStartsAtItsFirstCharacter() throws {
        for (name, expected) in [("orders-zh-utf16le-nobom.txt", ExportEncoding.utf16LE), ("orders-zh-utf16be-nobom.csv", .utf16BE)] {
            let bytes = [UInt8](try Data(contentsOf: Self.fixture(name)))
            let detected = try ExportEncoding.detect(head: bytes, atEnd: true).get()
            #expect(detected.encoding == expected, "\(name)")
            #expect(detected.bomLength == 0, "\(name): no mark to skip, the first character is data")
        }
        // Text whose NULs fall on both sides is no UTF-16: it is not taken for it.
        let mixed: [UInt8] = Array("a\0b\0\0c\0d,e,f,g,h".utf8)
        #expect(ExportEncoding.utf16WithoutMark(mixed, atEnd: true) == nil)
        // An unpaired surrogate (D801 followed by an ASCII unit) is not UTF-16 either.
        #expect(ExportEncoding.utf16WithoutMark([0x61, 0, 0x62, 0, 0x01, 0xD8, 0x63, 0, 0x2C, 0, 0x0A, 0], atEnd: true) == nil)
    }

    @Test func gb18030TextThatAlsoDecodesAsWindows1251IsReadAsGB18030() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixture("orders-zh-gb18030.csv")))
        #expect(IconvTranscoder.decodeSample(bytes, from: .windows1251, atEnd: true) != nil, "the bytes are also Windows-1251")
        #expect(try ExportEncoding.detect(head: bytes, atEnd: true).get().encoding == .gb18030)
        let reader = try CSVExportReader(bytes: bytes, mapping: ExportMapping(preset: .dianxiaomi))
        let first = try #require(AuditRead.records(try AuditRead.all(reader)).first)
        #expect(first[.productName] == "机械键盘")
        #expect(first[.status] == "待发货")
    }

    // MARK: Workbooks

    @Test func workbookCellsKeepCodesDigitsAndDatesAsISO() throws {
        let reader = try XLSXExportReader(url: Self.fixture("orders-zh.xlsx"), mapping: ExportMapping(preset: .dianxiaomi))
        let records = AuditRead.records(try AuditRead.all(reader))
        #expect(records.count == 4)
        #expect(records[0][.hsCode] == "8471607000")
        #expect(records[0][.offerId] == "KB-01")
        #expect(records[0][.orderDate] == "2026-11-20")
        #expect(records[0][.unitPrice] == "1390.5")
        #expect(records[1][.unitPrice] == "990")
        #expect(records[3][.hsCode] == "0902100000")
        #expect(records.map(\.line) == [2, 3, 4, 5])
    }

    @Test func workbookSheetIsChosenByNameAndAnUnknownSheetIsNamed() throws {
        #expect(throws: ExportReadError.self) {
            _ = try XLSXExportReader(url: Self.fixture("orders-zh.xlsx"), sheet: "说明")
        }
        do {
            _ = try XLSXExportReader(url: Self.fixture("orders-zh.xlsx"), sheet: "Orders")
            Issue.record("an unknown sheet was accepted")
        } catch {
            #expect("\(error)".contains("no sheet named `Orders`; the sheets are `订单`, `说明`"))
        }
    }

    @Test func aWorkbookNamedCSVIsReadAsAWorkbook() throws {
        let scratch = ScratchFolder()
        let renamed = scratch.write("orders.csv", try Data(contentsOf: Self.fixture("orders-zh.xlsx")))
        #expect(try ExportFormat.detect(renamed) == .xlsx)
        let reader = try ExportFormat.reader(for: renamed, mapping: ExportMapping(preset: .dianxiaomi))
        #expect(AuditRead.records(try AuditRead.all(reader)).count == 4)
    }

    @Test func aZIPThatIsNoWorkbookOrInflatesLikeABombIsRefusedNamingThePart() throws {
        do {
            _ = try XLSXExportReader(url: Self.fixture("not-a-workbook.xlsx"))
            Issue.record("a ZIP without a workbook was accepted")
        } catch {
            #expect("\(error)".hasSuffix("not-a-workbook.xlsx: no xl/workbook.xml in the ZIP: not an Excel workbook (.xlsx)"))
        }
        do {
            _ = try XLSXExportReader(data: Data(contentsOf: Self.fixture("sheet-bomb.xlsx")), name: "bomb.xlsx")
            Issue.record("a sheet inflating 1000-fold was accepted")
        } catch {
            #expect("\(error)".hasPrefix("bomb.xlsx: part xl/worksheets/sheet1.xml inflates 10"))
            #expect("\(error)".hasSuffix("times its packed size (limit 500): a ZIP bomb, not an export"))
        }
    }

    @Test func aSheetOverTheXMLBudgetIsRefusedAsItIsInflatedNamingTheLimit() throws {
        let cases = [
            ("sheet-attributes.xlsx", "an element with more than 256 attributes; the limit for attributes per element in untrusted XML is 256"),
            ("sheet-deep.xlsx", "elements nested more than 256 deep; the limit for nesting depth in untrusted XML is 256"),
        ]
        for (name, reason) in cases {
            do {
                var reader = try XLSXExportReader(url: Self.fixture(name))
                while try reader.next() != nil {}
                Issue.record("\(name) was read")
            } catch {
                #expect("\(error)".hasSuffix("\(name): sheet `订单` (xl/worksheets/sheet1.xml):1: refused before parsing: \(reason)"), "\(error)")
            }
        }
    }

    @Test func fieldsAreTrimmedAsFoundationTrimsThem() {
        let samples = ["", " ", "8544429000", " 8544429000", "8544429000\r\n", "\t数据线\u{3000}", "\u{3000}", "无线鼠标",
                       "a b", "\u{85}x\u{2028}", "\u{A0}1390.5\u{A0}", "x\u{200B}", "\u{FEFF}x", "x\u{180E}", "\n", "é", "١٢"]
        for text in samples {
            #expect(text.trimmedExportField == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.isBlankExportField == text.trimmingCharacters(in: .whitespaces).isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func excelSerialDatesBecomeISODates() {
        #expect(ExcelSerialDate.iso("46346", date1904: false) == "2026-11-20")
        #expect(ExcelSerialDate.iso("1", date1904: false) == "1900-01-01")
        #expect(ExcelSerialDate.iso("61", date1904: false) == "1900-03-01")
        #expect(ExcelSerialDate.iso("46346.5", date1904: false) == "2026-11-20T12:00:00")
        #expect(ExcelSerialDate.iso("0", date1904: true) == "1904-01-01")
        #expect(XLSXExportReader.plainNumber("8.51713E+09") == "8517130000")
        #expect(XLSXExportReader.plainNumber("2.0") == "2")
        #expect(XLSXExportReader.columnIndex("AB12") == 27)
    }

    @Test func numberAndSharedStringCellsAreReadFromTheirBytes() {
        #expect(XLSXExportReader.plainNumber("1390.50") == "1390.50")
        #expect(XLSXExportReader.plainNumber("10.0") == "10")
        #expect(XLSXExportReader.plainNumber("0") == "0")
        #expect(XLSXExportReader.plainNumber("1e3") == "1000")
        #expect(XLSXExportReader.sharedIndex("12") == 12)
        #expect(XLSXExportReader.sharedIndex(" 7\n") == 7)
        #expect(XLSXExportReader.sharedIndex("1 2") == nil)
        #expect(XLSXExportReader.sharedIndex("") == nil)
        #expect(XLSXExportReader.sharedIndex("-1") == nil)
        #expect(XLSXExportReader.sharedIndex("99999999999") == nil)
    }

    // MARK: No silent guesses

    @Test func unknownStatusIsAWarningNamingTheValueAndThePostingIsAudited() async throws {
        let scratch = ScratchFolder()
        let export = scratch.write("orders.csv", "posting_number,status,quantity,unit_price\n0100000009-0001-1,已锁定,1,10\n")
        let report = try await ExportAudit(options: .init(jobs: 1, today: Self.today)).run(export: export)
        let posting = try #require(report.postings.first)
        let unknown = try #require(posting.findings.first { $0.code == .statusUnknown })
        #expect(unknown.severity == .warning)
        #expect(unknown.field == "line 2")
        #expect(unknown.message == "status \"已锁定\" is not an Ozon posting status and the mapping does not map it; "
            + "audited as needing an invoice (map it under `statuses` in the mapping)")
        #expect(posting.findings.contains { $0.code == .attachmentMissing })
        #expect(posting.status == .failed)
    }

    /// 店小秘's 订单号 or a report's 订单号 mapped as the posting would hold orders: said out loud.
    @Test func aPostingNumberShapedLikeAnOrderNumberIsAWarning() async throws {
        let scratch = ScratchFolder()
        let export = scratch.write("orders.csv", "posting_number,status,quantity,unit_price\n0100000005-0001,awaiting_deliver,1,10\n0100000006-0001-1,awaiting_deliver,1,10\n")
        let report = try await ExportAudit(options: .init(jobs: 1, today: Self.today)).run(export: export)
        let order = try #require(report.postings.first { $0.postingNumber == "0100000005-0001" })
        let warning = try #require(order.findings.first { $0.code == .postingNumberFormat })
        #expect(warning.severity == .warning)
        #expect(warning.field == "posting_number")
        #expect(warning.message.hasPrefix("'0100000005-0001' has the shape of an Ozon order number"))
        let posting = try #require(report.postings.first { $0.postingNumber == "0100000006-0001-1" })
        #expect(!posting.findings.contains { $0.code == .postingNumberFormat })
        #expect(OzonLimits.hasOrderNumberShape("12345678-0001"))
        for number in ["12345678-0001-1", "12345678", "-0001", "12345678-", "A1234-0001", "1234--0001", ""] {
            #expect(!OzonLimits.hasOrderNumberShape(number), "\(number)")
        }
    }

    @Test func mappingKeyMatchingNoHeaderStopsNamingTheNearestHeaders() throws {
        let mapping = try ExportMapping(data: Data("columns:\n  订单号码: posting_number\n".utf8), source: "zh.yaml")
        let csv = Array("订单号,订单状态,商品名称\n1,待发货,x\n".utf8)
        do {
            _ = try CSVExportReader(bytes: csv, mapping: mapping, name: "orders.csv")
            Issue.record("an unmatched key was accepted")
        } catch {
            #expect("\(error)" == "orders.csv: the mapping zh.yaml names header that the export does not have: "
                + "`订单号码` (nearest headers: `订单号`, `订单状态`, `商品名称`); fix the mapping's `columns` so each key is a header of the export")
        }
    }

    @Test func mappingKeyMatchingNoJSONKeyStopsAtTheEndNamingTheNearestKeys() throws {
        let mapping = try ExportMapping(data: Data("columns:\n  postingNumber: posting_number\n  offerID: offer_id\n".utf8), source: "ozon.yaml")
        // Ozon's posting list: `offerID` matches no key of a posting or product; `postingNumber`
        // (case aside, as headers are matched) is no key either.
        let json = Array(#"{"result":{"postings":[{"posting_number":"0100000009-0001-1","status":"delivering","products":[{"sku":1,"offer_id":"KB-01","quantity":1,"price":"10"}]}]}}"#.utf8)
        var reader = try JSONExportReader(bytes: json, mapping: mapping, name: "postings.json")
        do {
            while try reader.next() != nil {}
            Issue.record("an unmatched key was accepted")
        } catch {
            #expect("\(error)" == "postings.json: the mapping ozon.yaml names headers that the export does not have: "
                + "`postingNumber` (nearest headers: `posting_number`, `price`, `status`); `offerID` (nearest headers: `offer_id`, `price`, `quantity`); "
                + "fix the mapping's `columns` so each key is a header of the export")
        }
    }

    @Test func mappingKeyMatchingNoXMLElementStopsNamingTheNearestElements() async throws {
        let scratch = ScratchFolder()
        let export = scratch.write("orders.xml", "<export><row><posting_number>0100000009-0001-1</posting_number><status>delivering</status></row></export>")
        let mappingFile = scratch.write("m.yaml", "columns:\n  stat: status\n")
        var options = ExportAudit.Options(mapping: try ExportMapping(contentsOf: mappingFile), jobs: 1, today: Self.today)
        options.attachments = scratch.path("")
        do {
            _ = try await ExportAudit(options: options).run(export: export)
            Issue.record("an unmatched key was accepted")
        } catch {
            #expect(error.description == "\(export.path): the mapping \(mappingFile.path) names header that the export does not have: "
                + "`stat` (nearest headers: `status`); fix the mapping's `columns` so each key is a header of the export")
        }
    }

    @Test func hsCodeInScientificNotationIsNamedWithTheFix() async throws {
        let scratch = ScratchFolder()
        let export = scratch.write("orders.csv", "posting_number,status,hs_code\n0100000009-0001-1,awaiting_packaging,8.51713E+09\n")
        let report = try await ExportAudit(options: .init(jobs: 1, today: Self.today)).run(export: export)
        let findings = try #require(report.postings.first).findings.filter { $0.code == .hsCodeFormat }
        #expect(findings.count == 1)
        #expect(findings.first?.field == "line 2 hs_code")
        #expect(findings.first?.message == "'8.51713E+09' is a number in scientific notation, as Excel shows long codes: its digits are lost; "
            + "format the column as Text in the spreadsheet (or export it from the ERP as text) and enter the code again")
    }

    @Test func hsCodeThatLostItsLeadingZeroIsNamedWithTheFix() async throws {
        let scratch = ScratchFolder()
        let export = scratch.write("orders.csv", "posting_number,status,hs_code\n0100000009-0001-1,awaiting_packaging,902100000\n")
        let report = try await ExportAudit(options: .init(jobs: 1, today: Self.today)).run(export: export)
        let findings = try #require(report.postings.first).findings.filter { $0.code == .hsCodeFormat }
        #expect(findings.count == 1)
        #expect(findings.first?.message == "'902100000' has 9 digits: it looks like a 10-digit code whose leading zero was dropped "
            + "when a spreadsheet read it as a number (0902100000?); "
            + "format the column as Text in the spreadsheet (or export it from the ERP as text) and enter the code again")
    }

    @Test func bytesThatFitNoEncodingStopNamingWhatWasTried() throws {
        var bytes = Array("posting_number,status\n".utf8)
        bytes += [0x98, 0x99, 0x80, 0x81, 0x2C, 0x98, 0x82, 0x83, 0x0A]
        do {
            _ = try CSVExportReader(bytes: bytes, name: "orders.csv")
            Issue.record("undecodable bytes were accepted")
        } catch {
            #expect("\(error)" == "orders.csv: cannot tell the text encoding (tried UTF-8: not valid UTF-8; "
                + "GB18030: bytes that are not GB18030; Windows-1251: bytes that are not Windows-1251; "
                + "KOI8-R: plausibility 0%, reads \"≤≥─│,≤┌┐\"; UTF-16 LE: bytes that are not UTF-16 LE; UTF-16 BE: bytes that are not UTF-16 BE); "
                + "name it with --encoding (utf-8, utf-16le, utf-16be, gb18030, windows-1251, koi8-r)")
        }
    }

    @Test func controlBytesInAStatusNeverReachTheTextReport() async throws {
        let scratch = ScratchFolder()
        let export = scratch.write("orders.csv", "posting_number,status\n0100000009-0001-1,\u{1B}[2Jgone\n")
        let report = try await ExportAudit(options: .init(jobs: 1, today: Self.today)).run(export: export)
        let text = report.text()
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("\\u{1B}[2Jgone"))
    }

    // MARK: Ozon JSON v4

    @Test func ozonV4PostingListPriceObjectIsRead() throws {
        let json = """
            {"result": {"postings": [{"posting_number": "0100000001-0001-1", "status": "awaiting_packaging",
              "products": [{"sku": 1234567890, "offer_id": "KB-01", "name": "键盘", "quantity": 2,
                            "price": {"amount": "1390.50", "currency": "CNY"}}]}], "has_next": false}}
            """
        let reader = try JSONExportReader(bytes: Array(json.utf8))
        let record = try #require(AuditRead.records(try AuditRead.all(reader)).first)
        #expect(record[.unitPrice] == "1390.50")
        #expect(record[.currency] == "CNY")
        #expect(record[.sku] == "1234567890")
    }

    // MARK: Presets

    @Test func everyPresetParsesAndMapsAPostingNumberAndStatus() {
        for preset in ExportMappingPreset.allCases {
            let mapping = ExportMapping(preset: preset)
            #expect(mapping.columns.values.contains(.postingNumber), "\(preset)")
            #expect(mapping.columns.values.contains(.status), "\(preset)")
            #expect(!mapping.statuses.isEmpty, "\(preset)")
            #expect(preset.yaml.hasPrefix("# "), "\(preset) says where its names come from")
        }
    }

    @Test func mappingSchemaNamesTheCanonicalColumnsAndTheReadersLimits() throws {
        let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/schemas/mapping.schema.json")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let columns = try #require(properties["columns"] as? [String: Any])
        let values = try #require(columns["additionalProperties"] as? [String: Any])
        #expect(values["enum"] as? [String] == ExportColumn.allCases.map(\.rawValue) + [ExportMapping.ignoredColumnName])
        let description = try #require(schema["description"] as? String)
        #expect(description.contains("at most \(MappingFileReader.maxBytes) bytes and \(MappingFileReader.maxEntries) entries"))
    }

    @Test func aColumnNamedSKUInAChineseERPIsTheSellersArticle() {
        #expect(ExportMapping(preset: .dianxiaomi).column(forHeader: "SKU") == .offerId)
        #expect(ExportMapping(preset: .ozonSeller).column(forHeader: "Артикул") == .offerId)
        #expect(ExportMapping(preset: .ozonSeller).column(forHeader: "OZON id") == .sku)
    }

    /// The traps each preset's sources show: the ERP's own ids and warehouse SKUs are never
    /// taken for the posting or the article, and an order number is never taken for a posting.
    @Test(arguments: [
        (ExportMappingPreset.dianxiaomi, "订单号", ExportColumn?.some(.postingNumber)),
        (.dianxiaomi, "包裹号", nil), (.dianxiaomi, "商品SKU", nil), (.dianxiaomi, "平台订单号", nil),
        (.mabang, "交易编号", .postingNumber), (.mabang, "订单编号", nil), (.mabang, "ERP系统订单编号", nil),
        (.mabang, "平台SKU", .offerId), (.mabang, "SKU", nil), (.mabang, "库存SKU", nil),
        (.mabang, "原始商品销售单价", .unitPrice), (.mabang, "商品销售单价", nil),
        (.tongtool, "平台订单号", .postingNumber), (.tongtool, "订单号", nil), (.tongtool, "包裹号", nil),
        (.tongtool, "平台SKU", .offerId), (.tongtool, "通途SKU", nil), (.tongtool, "发货数量", .quantity),
        (.tongtool, "收款币种", .currency), (.tongtool, "售价 (人民币)", nil),
        (.lingxing, "平台单号", .postingNumber), (.lingxing, "系统单号", nil),
        (.lingxing, "MSKU", .offerId), (.lingxing, "SKU", nil), (.lingxing, "品名", nil),
        (.ozonSeller, "Номер отправления", .postingNumber), (.ozonSeller, "Номер заказа", .orderNumber),
        (.ozonSeller, "SKU", .sku), (.ozonSeller, "Название товара", .productName),
        (.ozonSellerChinese, "发货号码", .postingNumber), (.ozonSellerChinese, "订单号", .orderNumber),
        (.ozonSellerChinese, "货号", .offerId), (.ozonSellerChinese, "Ozon ID", .sku),
    ])
    func presetsTakeTheColumnsTheirSourcesShow(preset: ExportMappingPreset, header: String, column: ExportColumn?) {
        #expect(ExportMapping(preset: preset).column(forHeader: header) == column)
    }

    @Test func statusesOfOzonsChineseSellerCentreAndTheERPsAreMapped() {
        let preset = ExportMapping(preset: .ozonSellerChinese)
        #expect(preset.status("待备货") == "awaiting_packaging")
        #expect(preset.status("等待发运") == "awaiting_deliver")
        #expect(preset.status("已签收") == "delivered")
        #expect(ExportMapping(preset: .lingxing).status("已取消/不发货") == "cancelled")
        #expect(ExportMapping(preset: .tongtool).status("等待配货") == "awaiting_packaging")
        #expect(ExportMapping(preset: .ozonSellerChinese).status("已被取消") == "cancelled")
        #expect(ExportMapping(preset: .ozonSeller).status("У водителя") == "driver_pickup")
        // An ERP state with no clear Ozon meaning stays unknown (STATUS_UNKNOWN), never guessed.
        #expect(!ExportMapping(preset: .lingxing).knowsStatus("平台发货"))
        #expect(!ExportMapping(preset: .dianxiaomi).knowsStatus("风控中"))
        #expect(!ExportMapping(preset: .dianxiaomi).knowsStatus("已搁置"))
    }
}
