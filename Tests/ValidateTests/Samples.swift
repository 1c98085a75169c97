import Foundation
import InvoiceModel
@testable import Validate

/// Invoices the tests start from: clean ones, changed one field at a time to trigger one code.
enum Samples {
    /// "Today" for every test, so that dates do not drift.
    static let today = LocalDate(iso: "2026-11-27")!

    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    static let russianSeller = Party(
        name: "ООО «Ромашка»", country: "RU",
        taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")],
        address: "119021, г. Москва, ул. Льва Толстого, д. 16")

    static let russianBuyer = Party(
        name: "ООО «Пример»", country: "RU",
        taxIds: [TaxID(scheme: "ru-inn", value: "7736050003"), TaxID(scheme: "ru-kpp", value: "773601001")],
        address: "117997, г. Москва, ул. Вавилова, д. 19")

    static let chineseSeller = Party(
        name: "Shenzhen Example Technology Co., Ltd.", localName: "深圳市示例科技有限公司", country: "CN",
        taxIds: [TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")],
        address: "Room 1201, Building A, Keji Road 8, Nanshan District, Shenzhen")

    /// A Russian seller's счёт-фактура: prices without VAT, 22% and 10%, a fractional quantity,
    /// a domestic line and an imported one with its customs declaration.
    static var russianInvoice: Invoice {
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
    static var chineseInvoice: Invoice {
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

    static let validator = InvoiceValidator(today: today)

    static func codes(_ invoice: Invoice, validator: InvoiceValidator = validator) -> [FindingCode] {
        validator.validate(invoice).map(\.code)
    }

    static func fixture(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return url
    }

    struct FixtureMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "test fixture Fixtures/\(name) is not in the test bundle" }
    }

    /// Canonical JSON of an invoice with one key changed by a JSON-level edit (for values the
    /// model cannot hold, such as an impossible date).
    static func json(_ invoice: Invoice, editing edit: (inout [String: Any]) -> Void) -> Data {
        var object = try! JSONSerialization.jsonObject(with: InvoiceJSON.encode(invoice)) as! [String: Any]
        edit(&object)
        return try! JSONSerialization.data(withJSONObject: object)
    }
}
