import FakturaTestSupport
import Foundation
import Testing
import InvoiceModel
@testable import ERPAudit

@Suite("Audit: export readers")
struct AuditReaderTests {
    @Test func csvReadsQuotedFieldsWithSeparatorsQuotesAndLineBreaks() throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,product_name,quantity\n"
            + "P-1,\"Кабель, 2 м \"\"USB-C\"\"\",1\n"
            + "P-2,\"two\nlines\",2\n"
            + "P-3,plain,3\n"
        let items = try AuditRead.all(CSVExportReader(url: scratch.write("a.csv", csv)))
        let records = AuditRead.records(items)
        #expect(records.count == 3)
        #expect(records[0][.productName] == "Кабель, 2 м \"USB-C\"")
        #expect(records[1][.productName] == "two\nlines")
        #expect(records.map(\.line) == [2, 3, 5])  // physical lines: the quoted break moves P-3 down
    }

    @Test func csvMalformedRowInTheMiddleIsReportedWithItsLineAndReadingGoesOn() throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,status,quantity\n"
            + "P-1,awaiting_packaging,1\n"
            + "P-2,awaiting_packaging\n"              // too few fields
            + "P-3,\"awaiting\"packaging,1\n"          // text after a closing quote
            + "P-4,awaiting_packaging,1\n"
        let items = try AuditRead.all(CSVExportReader(url: scratch.write("a.csv", csv)))
        #expect(AuditRead.records(items).map { $0[.postingNumber] } == ["P-1", "P-4"])
        let malformed = AuditRead.malformed(items)
        #expect(malformed.map(\.line) == [3, 4])
        #expect(malformed[0].postingNumber == "P-2")
    }

    @Test func csvUnclosedQuoteCostsOneRowNotTheRestOfTheFile() throws {
        let scratch = ScratchFolder()
        let csv = "posting_number,product_name,quantity\n"
            + "P-1,ok,1\n"
            + "P-2,\"never closed,1\n"
            + "P-3,ok,1\n"
            + "P-4,ok,1\n"
        let items = try AuditRead.all(CSVExportReader(url: scratch.write("a.csv", csv)))
        #expect(AuditRead.malformed(items).map(\.line) == [3])
        #expect(AuditRead.records(items).map { $0[.postingNumber] } == ["P-1", "P-3", "P-4"])
    }

    @Test func csvSkipsUTF8ByteOrderMarkAndCRLF() throws {
        let scratch = ScratchFolder()
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("posting_number,status\r\nP-1,cancelled\r\n\r\nP-2,delivered\r\n".utf8))
        let items = try AuditRead.all(CSVExportReader(url: scratch.write("bom.csv", data)))
        let records = AuditRead.records(items)
        #expect(records.map { $0[.postingNumber] } == ["P-1", "P-2"])
        #expect(records.map { $0[.status] } == ["cancelled", "delivered"])
        #expect(records.map(\.line) == [2, 4])
    }

    @Test func csvDetectsSemicolonFromTheHeader() throws {
        let scratch = ScratchFolder()
        let csv = "posting_number;unit_price;product_name\nP-1;1390,00;\"a;b\"\n"
        let reader = try CSVExportReader(url: scratch.write("semi.csv", csv))
        #expect(reader.separator == ";")
        let record = try #require(AuditRead.records(try AuditRead.all(reader)).first)
        #expect(record[.unitPrice] == "1390,00")
        #expect(record[.productName] == "a;b")
    }

    @Test func csvDecodesWindows1251WithRussianHeadersThroughAMapping() throws {
        let scratch = ScratchFolder()
        let text = "Номер отправления;Статус;Товар\nP-1;Ожидает оплаты;Чайник электрический\n"
        let bytes = try #require(text.data(using: .windowsCP1251))
        #expect(String(data: bytes, encoding: .utf8) == nil)  // really not UTF-8
        let mapping = ExportMapping(columns: ["Номер отправления": .postingNumber, "Статус": .status, "Товар": .productName],
                                    statuses: ["Ожидает оплаты": "awaiting_payment"])
        let records = AuditRead.records(try AuditRead.all(CSVExportReader(url: scratch.write("cp.csv", bytes), mapping: mapping)))
        #expect(records.first?[.productName] == "Чайник электрический")
        #expect(records.first?[.status] == "Ожидает оплаты")
        #expect(mapping.status(records.first![.status]) == "awaiting_payment")
    }

    @Test func csvRowsAcrossChunkBoundariesAreReadWhole() throws {
        let scratch = ScratchFolder()
        var csv = "posting_number,product_name,quantity\n"
        let count = 40_000
        for i in 0..<count {
            csv += "P-\(i),\"name \(i), with a comma and\na line break\",\(i % 7 + 1)\n"
        }
        #expect(csv.utf8.count > 2 * ChunkedFile.chunkSize)
        let records = AuditRead.records(try AuditRead.all(CSVExportReader(url: scratch.write("big.csv", csv))))
        #expect(records.count == count)
        #expect(records[count - 1][.productName] == "name \(count - 1), with a comma and\na line break")
        #expect(records[count - 1].line == 2 + 2 * (count - 1))
    }

    @Test func csvWithoutPostingNumberColumnCannotBeAudited() throws {
        let scratch = ScratchFolder()
        #expect(throws: ExportReadError.self) {
            _ = try CSVExportReader(url: scratch.write("x.csv", "order,status\n1,ok\n"))
        }
        #expect(throws: ExportReadError.self) {
            _ = try CSVExportReader(url: scratch.write("empty.csv", ""))
        }
    }

    @Test func jsonArrayKeepsNumbersExactAndReportsBadRecords() throws {
        let scratch = ScratchFolder()
        let json = """
            [
              {"posting_number": "P-1", "sku": 1234567890, "quantity": 2, "unit_price": 0.1},
              {"posting_number": "P-2", "quantity": {"nested": true}},
              "not an order",
              {"posting_number": "P-3", "unit_price": "1390.000000"}
            ]
            """
        let items = try AuditRead.all(JSONExportReader(url: scratch.write("a.json", json)))
        let records = AuditRead.records(items)
        #expect(records.map { $0[.postingNumber] } == ["P-1", "P-3"])
        #expect(records[0][.sku] == "1234567890")
        #expect(records[0][.unitPrice] == "0.1")
        #expect(records[1].line == 5)
        #expect(AuditRead.malformed(items).map(\.line) == [3, 4])
    }

    @Test func jsonLinesSkipsABrokenLineAndGoesOn() throws {
        let scratch = ScratchFolder()
        let jsonl = """
            {"posting_number": "P-1", "status": "delivering"}
            {"posting_number": "P-2", "status":
            {"posting_number": "P-3", "status": "delivering"}

            """
        let items = try AuditRead.all(JSONExportReader(url: scratch.write("a.jsonl", jsonl)))
        #expect(AuditRead.records(items).map { $0[.postingNumber] } == ["P-1", "P-3"])
        #expect(AuditRead.malformed(items).map(\.line) == [2])
    }

    @Test func ozonPostingListGivesOneRowPerProductWithTheInvoiceObject() throws {
        let scratch = ScratchFolder()
        let json = """
            {"result": {"postings": [
              {"posting_number": "0123456789-0001-1", "order_number": "0123456789-0001",
               "status": "awaiting_packaging", "in_process_at": "2026-11-20T10:15:00Z",
               "seller_tax_id": "91440300MA5G8K2P17",
               "products": [
                 {"sku": 1234567890, "offer_id": "RM13", "name": "Смартфон", "quantity": 2,
                  "price": "12345.670000", "currency_code": "RUB"},
                 {"sku": 1234567891, "offer_id": "USB", "name": "Кабель", "quantity": 3,
                  "price": "499.000000", "currency_code": "RUB", "hs_code": "8544429000"}
               ],
               "invoice": {"number": "CN-1", "date": "2026-11-20", "price": "26188.34", "price_currency": "RUB",
                           "hs_codes": [{"code": "8517130000", "sku": "1234567890"}],
                           "file": "pdf/a.pdf", "sha256": "ab"}}
            ], "has_next": false}}
            """
        let items = try AuditRead.all(JSONExportReader(url: scratch.write("ozon.json", json)))
        let records = AuditRead.records(items)
        #expect(records.count == 2)
        #expect(AuditRead.malformed(items).isEmpty)
        #expect(records[0][.postingNumber] == "0123456789-0001-1")
        #expect(records[0][.orderDate] == "2026-11-20T10:15:00Z")
        #expect(records[0][.hsCode] == "8517130000")       // from invoice.hs_codes by SKU
        #expect(records[1][.hsCode] == "8544429000")       // the product's own
        #expect(records[0][.unitPrice] == "12345.670000")
        #expect(records[1][.invoiceTotal] == "26188.34")
        #expect(records[1][.invoiceFile] == "pdf/a.pdf")
        #expect(records[1][.sellerTaxId] == "91440300MA5G8K2P17")
        #expect(records[0][.currency] == "RUB")
    }

    @Test func xmlRowsAreReadAndDoctypesRefused() throws {
        let scratch = ScratchFolder()
        let xml = """
            <?xml version="1.0"?>
            <export>
              <row><posting_number>P-1</posting_number><product_name>Чай &amp; кофе</product_name></row>
              <row><posting_number>P-2</posting_number><posting_number>P-3</posting_number></row>
              <row><posting_number>P-4</posting_number></row>
            </export>
            """
        let items = try AuditRead.all(XMLExportReader(url: scratch.write("a.xml", xml)))
        #expect(AuditRead.records(items).map { $0[.productName] } == ["Чай & кофе", ""])
        #expect(AuditRead.malformed(items).map(\.line) == [4])
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><export><row><posting_number>&a;</posting_number></row></export>"
        #expect(throws: ExportReadError.self) { _ = try XMLExportReader(url: scratch.write("b.xml", bomb)) }
    }

    @Test func formatIsDetectedFromContentWhateverTheName() throws {
        let scratch = ScratchFolder()
        #expect(try ExportFormat.detect(scratch.write("a.csv", "x")) == .csv)
        #expect(try ExportFormat.detect(scratch.write("a.ndjson", "x")) == .csv)
        #expect(try ExportFormat.detect(scratch.write("a.export", "  [ ]")) == .json)
        #expect(try ExportFormat.detect(scratch.write("b.export", "<export/>")) == .xml)
        #expect(try ExportFormat.detect(scratch.write("c.csv", "\u{FEFF}{\"posting_number\": \"1\"}")) == .json)
    }
}

@Suite("Audit: mapping files")
struct AuditMappingTests {
    @Test func yamlMappingRenamesChineseHeadersAndStatuses() throws {
        let yaml = """
            columns:
              货件号: posting_number
              订单状态: status
              海关编码: hs_code
            statuses:
              待付款: awaiting_payment
            """
        let mapping = try ExportMapping(data: Data(yaml.utf8), source: "m.yaml")
        #expect(mapping.column(forHeader: "货件号") == .postingNumber)
        #expect(mapping.column(forHeader: " 海关编码 ") == .hsCode)
        #expect(mapping.column(forHeader: "Posting Number") == .postingNumber)   // canonical names always work
        #expect(mapping.column(forHeader: "备注") == nil)
        #expect(mapping.status("待付款") == "awaiting_payment")
        #expect(mapping.status("Delivered") == "delivered")
    }

    @Test func jsonMappingIsAcceptedToo() throws {
        let json = #"{"columns": {"Номер отправления": "posting_number"}, "statuses": {"Отменён": "cancelled"}}"#
        let mapping = try ExportMapping(data: Data(json.utf8), source: "m.json")
        #expect(mapping.column(forHeader: "номер отправления") == .postingNumber)
        #expect(mapping.status("Отменён") == "cancelled")
    }

    @Test func mappingOntoAnUnknownColumnNamesTheFileAndKey() {
        let yaml = "columns:\n  X: posting_nummer\n"
        #expect {
            _ = try ExportMapping(data: Data(yaml.utf8), source: "bad.yaml")
        } throws: { error in
            "\(error)".contains("bad.yaml") && "\(error)".contains("posting_nummer")
        }
    }

    @Test func shippedExampleMappingsLoadAndCoverThePostingNumber() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/mappings")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["yaml", "yml", "json"].contains($0.pathExtension) }
        #expect(files.count >= 2)
        for file in files {
            let mapping = try ExportMapping(contentsOf: file)
            #expect(mapping.columns.values.contains(.postingNumber), "\(file.lastPathComponent)")
        }
    }
}

@Suite("Audit: canonical columns")
struct AuditColumnTests {
    @Test func columnIndexFollowsDeclarationOrder() {
        #expect(ExportColumn.allCases.map(\.index) == Array(0..<ExportColumn.allCases.count))
        #expect(ExportColumn.postingLevel.count == 12)
        #expect(!ExportColumn.postingLevel.contains(.sku))
    }
}
