import Foundation
import InvoiceModel
import PDFRender
import PDFReading
import Validate

/// Validation throughput on one core: JSON invoices per second and PDFs per second
/// (Faktura PDFs read through their embedded invoice.xml, and the text route used for PDFs
/// from other tools). Targets: 20,000 JSON invoices/s, 1,000 PDFs/s.
func runValidateBenchmark() {
    print("validate (one core):")
    let invoices = ValidateBenchmarkData.invoices()
    let validator = InvoiceValidator(today: LocalDate(iso: "2026-11-27"))

    let json = invoices.map { InvoiceJSON.encode($0) }
    // Every benchmark invoice must be clean, or the figures would measure the error path.
    if let dirty = json.lazy.map({ validator.validate(data: $0, source: "bench.json") }).first(where: { !$0.findings.isEmpty }) {
        print("  benchmark invoices are not clean: \(dirty.findings)")
        return
    }
    let jsonRate = ValidateBenchmarkData.rate(items: json.count) { index in
        _ = validator.validate(data: json[index], source: "bench.json")
    }
    ValidateBenchmarkData.report("JSON invoices", rate: jsonRate, target: 20_000)

    let decodeRate = ValidateBenchmarkData.rate(items: json.count) { index in
        _ = try? InvoiceJSON.decode(json[index])
    }
    print(String(format: "  %-34@ %10.0f /s (decoding alone)", "  of which JSON decoding" as NSString, decodeRate))
    let rulesRate = ValidateBenchmarkData.rate(items: invoices.count) { index in
        _ = validator.validate(invoices[index])
    }
    print(String(format: "  %-34@ %10.0f /s (rules alone)", "  of which rules + arithmetic" as NSString, rulesRate))

    let pdfs: [Data]
    do {
        let renderer = InvoiceRenderer(template: try TemplateCatalog.builtIn(named: "commercial-invoice"))
        pdfs = try invoices.prefix(16).map { try renderer.render($0) }
    } catch {
        print("  PDFs: cannot render benchmark PDFs: \(error)")
        return
    }
    if let dirty = pdfs.lazy.map({ validator.validate(data: $0, source: "bench.pdf") }).first(where: { $0.status != .ok }) {
        print("  benchmark PDFs are not clean: \(dirty.findings)")
        return
    }
    let pdfRate = ValidateBenchmarkData.rate(items: pdfs.count) { index in
        _ = validator.validate(data: pdfs[index], source: "bench.pdf")
    }
    ValidateBenchmarkData.report("Faktura PDFs (invoice.xml)", rate: pdfRate, target: 1_000)

    let textRate = ValidateBenchmarkData.rate(items: pdfs.count) { index in
        guard let pdf = try? PDFDocument(data: pdfs[index], source: "bench.pdf") else { return }
        _ = PDFInvoiceReading(pages: pdf.pageTexts()).missingFields
    }
    ValidateBenchmarkData.report("PDFs by text (other tools' route)", rate: textRate, target: 1_000)
}

enum ValidateBenchmarkData {
    /// Runs `body` over the items, round after round, for about a second; returns items per second.
    /// Seconds per measurement; `FAKTURA_BENCH_SECONDS` shortens it for runs under a profiler.
    static let seconds = ProcessInfo.processInfo.environment["FAKTURA_BENCH_SECONDS"].flatMap(Double.init) ?? 1.0

    static func rate(items: Int, seconds: Double = ValidateBenchmarkData.seconds, _ body: (Int) -> Void) -> Double {
        for index in 0..<items { body(index) }  // warm-up: lazy tables, caches
        let clock = ContinuousClock()
        var done = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            for index in 0..<items { body(index) }
            done += items
            let duration = clock.now - start
            elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        } while elapsed < seconds
        return Double(done) / elapsed
    }

    static func report(_ name: String, rate: Double, target: Double) {
        let verdict = rate >= target ? "ok" : "UNDER TARGET"
        print(String(format: "  %-34@ %10.0f /s  (target %.0f: %@)", name as NSString, rate, target, verdict as NSString))
    }

    /// 64 clean invoices: Chinese sellers (prices with VAT) and Russian ones (without), 1-5 lines.
    static func invoices() -> [Invoice] {
        let buyer = Party(name: "ООО «Пример»", country: "RU",
                          taxIds: [TaxID(scheme: "ru-inn", value: "7736050003"), TaxID(scheme: "ru-kpp", value: "773601001")],
                          address: "117997, г. Москва, ул. Вавилова, д. 19")
        let chinese = Party(name: "Shenzhen Example Technology Co., Ltd.", localName: "深圳市示例科技有限公司", country: "CN",
                            taxIds: [TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")],
                            address: "Room 1201, Building A, Keji Road 8, Nanshan District, Shenzhen")
        let russian = Party(name: "ООО «Ромашка»", country: "RU",
                            taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")],
                            address: "119021, г. Москва, ул. Льва Толстого, д. 16")
        let products: [(String, String, String)] = [
            ("Смартфон Redmi 13 128 ГБ", "8517130000", "12345.67"), ("Кабель USB-C 2 м", "8544.42.9000", "499.00"),
            ("Наушники беспроводные", "8518300000", "2190.50"), ("Чехол для телефона", "4202990000", "350.00"),
            ("Зарядное устройство 65 Вт", "8504405500", "1890.00"),
        ]
        return (0..<64).map { index in
            let isChinese = index % 2 == 0
            let lineCount = 1 + index % 5
            let lines = (0..<lineCount).map { line -> InvoiceLine in
                let product = products[(index + line) % products.count]
                return InvoiceLine(sku: String(1_234_567_890 + line), name: product.0, hsCode: product.1,
                                   unit: UnitOfMeasure(code: "796", name: "шт"), quantity: Decimal(1 + (index + line) % 4),
                                   price: Decimal(string: product.2)!, vatRate: line == 3 ? .percent(10) : .percent(22),
                                   originCountry: "CN", customsDeclaration: "10702070/201126/3123456")
            }
            let number = (isChinese ? "CN-2026-" : "RU-2026-") + String(100_000 + index)
            return Invoice(number: number, date: LocalDate(iso: "2026-11-20")!, currency: "RUB", pricesIncludeVat: isChinese,
                           order: OrderReference(marketplace: "ozon", orderNumber: "0123456789-\(1000 + index)",
                                                 postingNumber: "0123456789-\(1000 + index)-1"),
                           seller: isChinese ? chinese : russian, buyer: buyer, lines: lines)
        }
    }
}
