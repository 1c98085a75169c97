import Foundation
import InvoiceModel
import PDFRender

/// A real Faktura PDF (commercial-invoice template, invoice.xml embedded) for a posting.
func fakturaPDF(posting: String, number: String = "CN-2026-000123", currency: String = "RUB",
                price: String = "12345.67") throws -> Data {
    let json = """
        {
          "number": "\(number)", "date": "2026-11-20", "currency": "\(currency)", "jurisdiction": "RU",
          "pricesIncludeVat": true,
          "order": { "marketplace": "ozon", "orderNumber": "\(posting.split(separator: "-").prefix(2).joined(separator: "-"))",
                     "postingNumber": "\(posting)" },
          "seller": { "name": "Shenzhen Example Technology Co., Ltd.", "localName": "深圳市示例科技有限公司", "country": "CN",
                      "taxIds": [ { "scheme": "cn-uscc", "value": "91440300MA5G8K2P17" } ],
                      "address": "Keji Road 8, Nanshan District, Shenzhen" },
          "buyer": { "name": "ООО «Пример»", "country": "RU",
                     "taxIds": [ { "scheme": "ru-inn", "value": "7707083893" }, { "scheme": "ru-kpp", "value": "773601001" } ],
                     "address": "117997, г. Москва, ул. Вавилова, д. 19" },
          "paymentDocuments": [ { "number": "123", "date": "2026-11-19" } ],
          "lines": [
            { "sku": "1234567890", "name": "Смартфон Redmi 13 128 ГБ", "hsCode": "8517130000",
              "unit": { "code": "796", "name": "шт" }, "quantity": "2", "price": "\(price)", "vatRate": "22%",
              "originCountry": "CN", "customsDeclaration": "10702070/201126/3123456" },
            { "sku": "1234567891", "name": "Кабель USB-C 2 м", "hsCode": "8544.42.9000",
              "unit": { "code": "796", "name": "шт" }, "quantity": "3", "price": "499.00", "vatRate": "22%",
              "originCountry": "CN", "customsDeclaration": "10702070/201126/3123456" }
          ]
        }
        """
    let invoice = try InvoiceJSON.decode(Data(json.utf8))
    return try InvoiceRenderer(template: TemplateCatalog.builtIn(named: "commercial-invoice")).render(invoice)
}
