import Archive
import Foundation
import InvoiceModel
import PDFRender

/// Archive speed: entries added per second (store alone, and with validation as
/// `faktura archive add` does it) and verify throughput in MB/s. Targets: 500 PDFs/s added,
/// verify at disk speed. Every write is fsynced; the figures are for the machine's own disk
/// (files hashed by verify come from the page cache when they were just written).
func runArchiveBenchmark() {
    print("archive:")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("faktura-archive-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    do {
        try runArchiveFigures(root: root)
    } catch {
        print("  cannot run: \(error)")
    }
    runPostgresArchiveBenchmark()
}

private func runArchiveFigures(root: URL) throws {
    let template = try TemplateCatalog.builtIn(named: "commercial-invoice")
    let invoice = try InvoiceJSON.decode(Data(ArchiveBenchmarkData.invoiceJSON.utf8))
    let base = try InvoiceRenderer(template: template).render(invoice)
    let xml = Data("<invoice xmlns=\"urn:faktura:invoice:1\"/>".utf8)
    let report = Data("{\"status\":\"ok\"}".utf8)
    // Distinct PDFs: the same invoice with a numbered comment after %%EOF (readers ignore it).
    func pdf(_ index: Int) -> Data { base + Data("%bench \(index)\n".utf8) }

    // 1. The store alone: 2,000 entries of PDF + data + report, 64 per transaction as `add` does.
    let count = 2000
    let store = try EvidenceStore(at: root.appendingPathComponent("store"), create: true)
    let submissions = (0..<count).map { index in
        EntrySubmission(posting: "0123456789-\(String(format: "%04d", index))-1", marketplace: "ozon",
                        documents: [
                            DocumentSubmission(kind: .pdf, name: "invoice.pdf", mediaType: "application/pdf", content: pdf(index)),
                            DocumentSubmission(kind: .invoiceData, name: "invoice.xml", mediaType: "application/xml", content: xml),
                            DocumentSubmission(kind: .validationReport, name: "validation-report.json",
                                               mediaType: "application/json", content: report),
                        ], agent: "faktura-bench")
    }
    var started = Date()
    for start in stride(from: 0, to: count, by: 64) {
        _ = try store.append(Array(submissions[start..<min(count, start + 64)]))
    }
    var seconds = Date().timeIntervalSince(started)
    let megabytes = Double(submissions.reduce(0) { $0 + $1.documents.reduce(0) { $0 + $1.content.count } }) / 1_048_576
    line("add, store only (\(base.count / 1024) KB PDFs)", value: Double(count) / seconds, unit: "entries/s", target: 500,
         extra: String(format: "%.1f MB in %.2f s", megabytes, seconds))

    // One entry per transaction: the cost of the fsyncs when entries come one at a time.
    let single = try EvidenceStore(at: root.appendingPathComponent("single"), create: true)
    started = Date()
    for index in 0..<200 { _ = try single.append([submissions[index]]) }
    seconds = Date().timeIntervalSince(started)
    line("add, one entry per transaction", value: 200 / seconds, unit: "entries/s", target: nil, extra: nil)

    // 2. As `faktura archive add` does it: read, validate (poppler), store.
    let folder = root.appendingPathComponent("pdfs")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let intakeCount = 300
    var urls: [URL] = []
    for index in 0..<intakeCount {
        let url = folder.appendingPathComponent("invoice-\(index).pdf")
        try pdf(count + index).write(to: url)
        urls.append(url)
    }
    let full = try EvidenceStore(at: root.appendingPathComponent("full"), create: true)
    let intake = ArchiveIntake(toolVersion: "bench")
    started = Date()
    for start in stride(from: 0, to: intakeCount, by: 64) {
        let batch = try urls[start..<min(intakeCount, start + 64)].map { try intake.submission(pdfAt: $0) }
        _ = try full.append(batch)
    }
    seconds = Date().timeIntervalSince(started)
    line("add with validation (as the CLI)", value: Double(intakeCount) / seconds, unit: "entries/s", target: 500, extra: nil)

    // 3. Verify: re-hash every file and walk the chain.
    started = Date()
    let verification = try store.verify()
    seconds = Date().timeIntervalSince(started)
    precondition(verification.isIntact, "benchmark store must verify: \(verification.problems)")
    line("verify (\(verification.entries) entries, small files)", value: Double(verification.bytesHashed) / 1_048_576 / seconds,
         unit: "MB/s", target: nil, extra: String(format: "%.0f entries/s", Double(verification.entries) / seconds))

    let large = try EvidenceStore(at: root.appendingPathComponent("large"), create: true)
    let block = Data((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    for index in 0..<32 {
        _ = try large.append([EntrySubmission(posting: "L-\(index)", documents: [
            DocumentSubmission(kind: .pdf, name: "large.pdf", mediaType: "application/pdf",
                               content: Data("%PDF-1.4 \(index)\n".utf8) + block),
        ], agent: "faktura-bench")])
    }
    started = Date()
    let largeVerification = try large.verify()
    seconds = Date().timeIntervalSince(started)
    line("verify (32 × 8 MB files)", value: Double(largeVerification.bytesHashed) / 1_048_576 / seconds, unit: "MB/s",
         target: nil, extra: "page cache warm")
    started = Date()
    for _ in 0..<8 { _ = ContentHash.sha256(block) }
    seconds = Date().timeIntervalSince(started)
    line("  SHA-256 in memory, one core", value: 64 / seconds, unit: "MB/s", target: nil, extra: "for comparison")
}

private func line(_ label: String, value: Double, unit: String, target: Double?, extra: String?) {
    var text = "  " + label.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: " %10.0f ", value) + unit
    if let target { text += String(format: "  (target %.0f: %@)", target, value >= target ? "met" : "NOT met") }
    if let extra { text += "  " + extra }
    print(text)
}

private enum ArchiveBenchmarkData {
    static let invoiceJSON = """
        {"number":"CN-2026-000123","date":"2026-11-20","currency":"RUB","jurisdiction":"RU","pricesIncludeVat":true,
         "order":{"marketplace":"ozon","orderNumber":"0123456789-0001","postingNumber":"0123456789-0001-1"},
         "seller":{"name":"Shenzhen Example Technology Co., Ltd.","localName":"深圳市示例科技有限公司","country":"CN",
                   "taxIds":[{"scheme":"cn-uscc","value":"91440300MA5G8K2P17"}],"address":"Keji Road 8, Shenzhen"},
         "buyer":{"name":"ООО «Пример»","country":"RU","taxIds":[{"scheme":"ru-inn","value":"7707083893"},
                  {"scheme":"ru-kpp","value":"773601001"}],"address":"117997, г. Москва, ул. Вавилова, д. 19"},
         "paymentDocuments":[{"number":"123","date":"2026-11-19"}],
         "lines":[{"sku":"1234567890","name":"Смартфон Redmi 13 128 ГБ","hsCode":"8517130000","unit":{"code":"796","name":"шт"},
                   "quantity":"2","price":"12345.67","vatRate":"22%","originCountry":"CN",
                   "customsDeclaration":"10702070/201126/3123456"}]}
        """
}
