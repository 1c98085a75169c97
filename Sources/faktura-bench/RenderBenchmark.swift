import Foundation
import InvoiceModel
import PDFRender

/// Render speed, size and memory: one-page, five-line invoices rendered one after another
/// on one core (targets: ≤ 1 ms per invoice, < 30 KB per file with fonts embedded).
/// `FAKTURA_BENCH_COUNT` changes the batch size (default 10,000); `FAKTURA_BENCH_TEMPLATE`
/// runs one template only.
func runRenderBenchmark() {
    let count = ProcessInfo.processInfo.environment["FAKTURA_BENCH_COUNT"].flatMap(Int.init) ?? 10_000
    let invoice = RenderBenchmarkData.fiveLineInvoice()
    print("render benchmark: \(count) one-page invoices of \(invoice.lines.count) lines each, one core")
    let only = ProcessInfo.processInfo.environment["FAKTURA_BENCH_TEMPLATE"]  // run one template only
    let cases = TemplateCatalog.builtInNames.map { ($0, false) } + [("commercial-invoice", true)]
    for (name, newGlyphsEach) in cases where only == nil || only == name {
        let renderer: InvoiceRenderer
        do {
            renderer = InvoiceRenderer(template: try TemplateCatalog.builtIn(named: name))
            _ = try renderer.render(invoice)  // warm-up: parses fonts and compiles the schema once
        } catch {
            print("  \(name): cannot render: \(error)")
            continue
        }
        var bytes = 0
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = RenderBenchmarkData.processCPUSeconds()
        for index in 0..<count {
            var numbered = invoice
            numbered.number = "BENCH-\(index)"
            if newGlyphsEach {
                // A Chinese character the batch has not used yet: the font subset differs every
                // time, so the embedded font is built and compressed afresh (the cache's worst case).
                numbered.lines[0].name += String(Unicode.Scalar(UInt32(0x4E00 + index % 20_000))!)
            }
            do {
                bytes += try renderer.render(numbered).count
            } catch {
                print("  \(name): failed at \(index): \(error)")
                return
            }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = RenderBenchmarkData.processCPUSeconds() - cpuStart
        // CPU time is printed beside wall time: on a shared machine it is the steadier figure.
        let label = (newGlyphsEach ? "\(name) (new glyphs each)" : name).padding(toLength: 38, withPad: " ", startingAt: 0)
        print(String(format: "  %@ %.3f ms CPU/invoice, %.3f ms wall, %.1f KB/file, max RSS %@, load average %@", label as NSString,
                     cpu * 1000 / Double(count), seconds * 1000 / Double(count),
                     Double(bytes) / Double(count) / 1024, RenderBenchmarkData.maxResidentSet() as NSString,
                     RenderCommandBenchmark.loadAverage() as NSString))
    }
    print()
    runRenderCommandBenchmark()
}

#if canImport(Glibc)
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

enum RenderBenchmarkData {
    /// Peak resident memory of this process (VmHWM), as the kernel reports it.
    static func maxResidentSet() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "n/a" }
        return line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces)
    }

    /// CPU time used by this process so far (user + system).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func fiveLineInvoice() -> Invoice {
        let names = ["Смартфон Redmi 13 128 ГБ", "Чехол силиконовый", "Зарядное устройство USB-C 33 Вт",
                     "Наушники беспроводные TWS", "Кабель USB-C 1 м"]
        let lines = names.enumerated().map { index, name in
            InvoiceLine(sku: String(1_234_567_890 + index), offerId: "SKU-\(index + 1)", name: name,
                        hsCode: "8517130000", unit: UnitOfMeasure(code: "796", name: "шт"),
                        quantity: Decimal(index + 1), price: Decimal(string: "1234.56")! * Decimal(index + 1),
                        vatRate: .percent(22), originCountry: "CN", customsDeclaration: "10702070/271126/312345\(index)")
        }
        return Invoice(
            number: "CN-2026-000123", date: LocalDate(iso: "2026-11-27")!, currency: "RUB", pricesIncludeVat: true,
            order: OrderReference(marketplace: "ozon", orderNumber: "0123456789-0001", postingNumber: "0123456789-0001-1"),
            seller: Party(name: "Shenzhen Example Technology Co., Ltd.", localName: "深圳市示例科技有限公司", country: "CN",
                          taxIds: [TaxID(scheme: "cn-uscc", value: "91440300MA5G8K2P17")], address: "Nanshan District, Shenzhen"),
            buyer: Party(name: "ООО «Пример»", country: "RU",
                         taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")],
                         address: "г. Москва, Пресненская наб., д. 10"),
            paymentDocuments: [DocumentReference(number: "123", date: LocalDate(iso: "2026-11-26"))],
            lines: lines)
    }

    /// A Russian seller's five-line счёт-фактура (prices without VAT, 22%, imported goods with
    /// their declarations), valid under ru-invoice.
    static func fiveLineRussianInvoice() -> Invoice {
        var invoice = fiveLineInvoice()
        invoice.number = "RU-2026-0042"
        invoice.pricesIncludeVat = false
        invoice.order = nil
        invoice.seller = Party(name: "ООО «Ромашка»", country: "RU",
                               taxIds: [TaxID(scheme: "ru-inn", value: "7707083893"), TaxID(scheme: "ru-kpp", value: "773601001")],
                               address: "119021, г. Москва, ул. Льва Толстого, д. 16")
        invoice.buyer = Party(name: "ООО «Пример»", country: "RU",
                              taxIds: [TaxID(scheme: "ru-inn", value: "7736050003"), TaxID(scheme: "ru-kpp", value: "773601001")],
                              address: "117997, г. Москва, ул. Вавилова, д. 19")
        return invoice
    }
}
