import Foundation
import InvoiceModel
@testable import PDFRender

/// Invoices built in code for the tests (no files from outside the package).
enum SampleInvoices {
    static let chineseSellerName = "深圳市示例科技有限公司"

    static func crossBorder(lines count: Int = 3) -> Invoice {
        let names = ["Смартфон Redmi 13 128 ГБ, чёрный", "Чехол силиконовый для смартфона, прозрачный",
                     "Зарядное устройство USB-C 33 Вт с кабелем длиной 1 метр в комплекте (евровилка)",
                     "Наушники беспроводные TWS"]
        let lines = (0..<count).map { index in
            InvoiceLine(
                sku: String(1_234_567_890 + index), offerId: "RM13-\(index + 1)", name: names[index % names.count],
                hsCode: ["8517130000", "4202920000", "8504403009", "8518300009"][index % 4],
                unit: UnitOfMeasure(code: "796", name: "шт"), quantity: Decimal(index % 3 + 1),
                price: Decimal(string: ["12345.67", "399.00", "1290.50", "2490.00"][index % 4])!,
                vatRate: index % 5 == 4 ? .none : .percent(22), originCountry: "CN",
                customsDeclaration: "10702070/271126/31234\(String(format: "%02d", index % 100))")
        }
        return Invoice(
            number: "CN-2026-000123", date: LocalDate(iso: "2026-11-27")!, currency: "RUB", jurisdiction: "RU",
            pricesIncludeVat: true,
            order: OrderReference(marketplace: "ozon", orderNumber: "0123456789-0001", postingNumber: "0123456789-0001-1"),
            seller: Party(name: "Shenzhen Example Technology Co., Ltd.", localName: chineseSellerName, country: "CN",
                          taxIds: [TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")],
                          address: "Room 1201, Building A, Science Park, Nanshan District, Shenzhen, Guangdong, China"),
            buyer: Party(name: "ООО «Пример»", country: "RU",
                         taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")],
                         address: "123112, г. Москва, Пресненская наб., д. 10, стр. 1"),
            paymentDocuments: [DocumentReference(number: "123", date: LocalDate(iso: "2026-11-26"))],
            lines: lines)
    }

    /// The repository's `templates/` folder, found from this file's path.
    static let catalog = TemplateCatalog(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates"))

    static func renderer(_ name: String) throws -> InvoiceRenderer {
        InvoiceRenderer(template: try catalog.template(named: name))
    }
}

/// A temporary folder removed when the test ends.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ data: Data, _ name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        if let keep = ProcessInfo.processInfo.environment["FAKTURA_KEEP_DIR"] {
            try? data.write(to: URL(fileURLWithPath: keep).appendingPathComponent(name))
        }
        return file
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
