import Foundation
import InvoiceModel
import UPD
import Validate

/// UPD throughput on one core: invoices written as UPD 5.03 (windows-1251) per second, and UPD
/// files checked per second (the official XSD, the schema's 54 rules, reading, Faktura's rules).
func runUPDBenchmark() {
    print("upd (one core):")
    let invoices = ValidateBenchmarkData.invoices()
    let signer = UPDSigner(surname: "Иванов", givenName: "Иван", patronymic: "Иванович")
    let options = UPDWriter.Options(signer: signer, created: Date(timeIntervalSince1970: 1_795_600_000))
    let files: [UPDWriter.File]
    do {
        files = try invoices.map { try UPDWriter.write($0, options: options) }
    } catch {
        print("  cannot write benchmark UPDs: \(error)")
        return
    }
    let validator = InvoiceValidator(today: LocalDate(iso: "2026-11-27"))
    // Every benchmark file must be clean, or the figures would measure the error path.
    if let dirty = files.lazy.map({ validator.validate(data: $0.bytes, source: $0.name + ".xml") }).first(where: { !$0.findings.isEmpty }) {
        print("  benchmark UPDs are not clean: \(dirty.findings)")
        return
    }
    let writeRate = ValidateBenchmarkData.rate(items: invoices.count) { index in
        _ = try? UPDWriter.write(invoices[index], options: options)
    }
    print(String(format: "  %-34@ %10.0f /s", "UPDs written" as NSString, writeRate))
    let checkRate = ValidateBenchmarkData.rate(items: files.count) { index in
        _ = validator.validate(data: files[index].bytes, source: files[index].name + ".xml")
    }
    print(String(format: "  %-34@ %10.0f /s", "UPDs validated (XSD, rules, model)" as NSString, checkRate))
    let average = files.map(\.bytes.count).reduce(0, +) / max(1, files.count)
    print("  (\(files.count) files of 1-5 lines, \(average) bytes on average)")
}
