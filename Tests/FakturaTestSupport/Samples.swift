public import Foundation
public import InvoiceModel

/// Invoices the tests of every module start from, built in code: clean ones, changed one field
/// at a time to trigger one finding.
public enum Samples {
    /// "Today" for every test, so that dates do not drift.
    public static let today = LocalDate(iso: "2026-11-27")!

    public static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    public static let russianSeller = Party(
        name: "ООО «Ромашка»", country: "RU",
        taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")],
        address: "119021, г. Москва, ул. Льва Толстого, д. 16")

    public static let russianBuyer = Party(
        name: "ООО «Пример»", country: "RU",
        taxIds: [TaxID(scheme: "ru-inn", value: "7736050003"), TaxID(scheme: "ru-kpp", value: "773601001")],
        address: "117997, г. Москва, ул. Вавилова, д. 19")

    public static let chineseSeller = Party(
        name: "Shenzhen Example Technology Co., Ltd.", localName: "深圳市示例科技有限公司", country: "CN",
        taxIds: [TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")],
        address: "Room 1201, Building A, Keji Road 8, Nanshan District, Shenzhen")

    /// A Russian seller's счёт-фактура: prices without VAT, 22% and 10%, a fractional quantity,
    /// a domestic line and an imported one with its customs declaration.
    public static var russianInvoice: Invoice {
        Invoice(
            number: "RU-2026/0042", date: date("2026-11-20"), currency: "RUB", jurisdiction: "RU",
            pricesIncludeVat: false, seller: russianSeller, buyer: russianBuyer,
            paymentDocuments: [DocumentReference(number: "118", date: date("2026-11-19"))],
            lines: [
                InvoiceLine(name: "Кофе в зёрнах, кг", hsCode: "0901 21 000 0", unit: UnitOfMeasure(code: "166", name: "кг"),
                            quantity: Decimal(string: "2.375")!, price: Decimal(string: "1450.00")!,
                            vatRate: .percent(10), originCountry: "BR", customsDeclaration: "10702070/011126/3000123"),
                InvoiceLine(name: "Кофемолка", hsCode: "8509.40.000.0", unit: UnitOfMeasure(code: "796", name: "шт"),
                            quantity: 1, price: Decimal(string: "4990.00")!, vatRate: .percent(22), originCountry: "RU"),
            ])
    }

    /// A Chinese seller's invoice to an Ozon buyer: prices with VAT at 22%.
    public static var chineseInvoice: Invoice {
        Invoice(
            number: "CN-2026-000123", date: date("2026-11-20"), currency: "RUB", jurisdiction: "RU",
            pricesIncludeVat: true,
            order: OrderReference(marketplace: "ozon", orderNumber: "0123456789-0001", postingNumber: "0123456789-0001-1"),
            seller: chineseSeller, buyer: russianBuyer,
            lines: [
                InvoiceLine(sku: "1234567890", name: "Смартфон Redmi 13 128 ГБ", hsCode: "8517130000",
                            unit: UnitOfMeasure(code: "796", name: "шт"), quantity: 2, price: Decimal(string: "12345.67")!,
                            vatRate: .percent(22), originCountry: "CN", customsDeclaration: "10702070/201126/3123456"),
                InvoiceLine(sku: "1234567891", name: "Кабель USB-C 2 м", hsCode: "8544.42.9000",
                            unit: UnitOfMeasure(code: "796", name: "шт"), quantity: 3, price: Decimal(string: "499.00")!,
                            vatRate: .percent(22), originCountry: "CN", customsDeclaration: "10702070/201126/3123456"),
            ])
    }

    public static let chineseSellerName = "深圳市示例科技有限公司"

    /// A Chinese seller's invoice for an Ozon posting with `count` lines (names long and short).
    public static func crossBorder(lines count: Int = 3) -> Invoice {
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

    /// Canonical JSON of an invoice with one key changed by a JSON-level edit (for values the
    /// model cannot hold, such as an impossible date).
    public static func json(_ invoice: Invoice, editing edit: (inout [String: Any]) -> Void) -> Data {
        var object = try! JSONSerialization.jsonObject(with: InvoiceJSON.encode(invoice)) as! [String: Any]
        edit(&object)
        return try! JSONSerialization.data(withJSONObject: object)
    }

    /// The repository's `examples/invoices` folder and the invoices in it (JSON and XML).
    public static let examplesFolder = CLI.repositoryRoot.appendingPathComponent("examples/invoices")

    public static func exampleFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: examplesFolder, includingPropertiesForKeys: nil)
            .filter { ["json", "xml"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
