import FakturaTestSupport
import Foundation
import InvoiceModel
import PDFReading
import Testing
import FakturaXML
@testable import PDFRender

/// Lines (3) and (4) of the счёт-фактура for goods and services, each party present, absent or
/// the seller again (docs/rendering.md, "Lines (3) and (4)"), read back from the rendered PDF.
@Suite struct FormLinesTests {
    enum Shipper: String, CaseIterable, Sendable { case absent, seller, other }
    enum Consignee: String, CaseIterable, Sendable { case absent, other }

    static let otherShipper = Party(name: "ООО «Склад»", country: "RU", address: "г. Тверь, ул. Складская, д. 1")
    static let otherConsignee = Party(name: "ООО «Получатель»", country: "RU", address: "г. Казань, ул. Баумана, д. 2")

    struct Case: Sendable, CustomTestStringConvertible {
        let supply: Supply
        let shipper: Shipper
        let consignee: Consignee
        let line3: String
        let line4: String
        var testDescription: String { "\(supply.rawValue), shipper \(shipper.rawValue), consignee \(consignee.rawValue)" }
    }

    static let buyer = "ООО «Пример», 117997, г. Москва, ул. Вавилова, д. 19"

    /// The golden table: what each combination prints.
    static let cases: [Case] = [
        Case(supply: .goods, shipper: .absent, consignee: .absent, line3: "он же", line4: buyer),
        Case(supply: .goods, shipper: .seller, consignee: .absent, line3: "он же", line4: buyer),
        Case(supply: .goods, shipper: .other, consignee: .absent, line3: "ООО «Склад», г. Тверь, ул. Складская, д. 1", line4: buyer),
        Case(supply: .goods, shipper: .absent, consignee: .other, line3: "он же",
             line4: "ООО «Получатель», г. Казань, ул. Баумана, д. 2"),
        Case(supply: .goods, shipper: .other, consignee: .other, line3: "ООО «Склад», г. Тверь, ул. Складская, д. 1",
             line4: "ООО «Получатель», г. Казань, ул. Баумана, д. 2"),
        Case(supply: .services, shipper: .absent, consignee: .absent, line3: "—", line4: "—"),
        Case(supply: .services, shipper: .seller, consignee: .other, line3: "—", line4: "—"),
        Case(supply: .services, shipper: .other, consignee: .absent, line3: "—", line4: "—"),
    ]

    static func invoice(_ test: Case) -> Invoice {
        var invoice = Samples.russianInvoice
        invoice.supply = test.supply
        switch test.shipper {
        case .absent: invoice.shipper = nil
        case .seller: invoice.shipper = Party(name: invoice.seller.name, country: "RU")
        case .other: invoice.shipper = otherShipper
        }
        invoice.consignee = test.consignee == .other ? otherConsignee : nil
        return invoice
    }

    /// The text of the form's line whose label starts with `label`, words joined by spaces.
    static func formLine(_ label: String, in pdf: Data) throws -> String {
        let page = try #require(try PDFDocument(data: pdf, source: "form.pdf").pageTexts().first)
        let line = try #require(CellFitTests.lines(page).first { $0.words.first?.text == label }, "no line starts with \(label)")
        return line.words.map(\.text).joined(separator: " ")
    }

    @Test(arguments: cases)
    func linesThreeAndFourFollowTheDecree(_ test: Case) throws {
        let pdf = try SampleInvoices.renderer("ru-schet-faktura").render(Self.invoice(test))
        #expect(try Self.formLine("Грузоотправитель", in: pdf) == "Грузоотправитель и его адрес \(test.line3) (3)")
        #expect(try Self.formLine("Грузополучатель", in: pdf) == "Грузополучатель и его адрес \(test.line4) (4)")
    }

    @Test func everyCombinationHasAGoldenCase() {
        for supply in Supply.allCases {
            for consignee in Consignee.allCases {
                #expect(Self.cases.contains { $0.supply == supply && $0.consignee == consignee })
            }
        }
        for shipper in Shipper.allCases {
            #expect(Self.cases.contains { $0.supply == .goods && $0.shipper == shipper })
        }
    }

    @Test func supplyTravelsThroughJSONAndXMLAndGoodsIsTheDefault() throws {
        var invoice = Samples.russianInvoice
        invoice.supply = .services
        #expect(try InvoiceJSON.decode(InvoiceJSON.encode(invoice)).supply == .services)
        #expect(String(decoding: InvoiceJSON.encode(invoice), as: UTF8.self).contains("\"supply\": \"services\""))
        #expect(!String(decoding: InvoiceJSON.encode(Samples.russianInvoice), as: UTF8.self).contains("supply"))
        #expect(try InvoiceInput.decode(InvoiceXML.encode(invoice), source: "s.xml").supply == .services)
    }
}
