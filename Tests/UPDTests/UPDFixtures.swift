import FakturaTestSupport
import FakturaXML
import Findings
import Foundation
import InvoiceModel
import Testing
import UPD
import Validate

/// UPDs written by Faktura from the example invoices, and their text for planting defects.
enum UPDFixtures {
    static let signer = UPDSigner(surname: "Иванов", givenName: "Иван", patronymic: "Иванович", position: "Генеральный директор")
    static let created = Date(timeIntervalSince1970: 1_795_600_000)  // 2026-11-25 12:46:40 in Moscow
    static let guid = UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")!

    static func options(_ function: UPDWriter.Function = .invoiceAndTransfer) -> UPDWriter.Options {
        UPDWriter.Options(function: function, signer: signer, created: created, guid: guid, program: "Faktura tests")
    }

    static let examplesFolder = CLI.repositoryRoot.appendingPathComponent("examples/invoices")

    /// Every example invoice, by file name.
    static func examples() throws -> [(name: String, invoice: Invoice)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: examplesFolder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: examplesFolder.appendingPathComponent(name))
            return (name, try InvoiceInput.decode(data, source: name))
        }
    }

    static func example(_ name: String) throws -> Invoice {
        let data = try Data(contentsOf: examplesFolder.appendingPathComponent(name))
        return try InvoiceInput.decode(data, source: name)
    }

    /// The file's text in UTF-8 (through iconv, the real converter), with its prolog saying so:
    /// a UPD may be in any declared encoding, and text is where defects are planted.
    static func utf8Text(_ file: UPDWriter.File) throws -> String {
        let result = try CLI.runTool("/usr/bin/iconv", ["-f", "WINDOWS-1251", "-t", "UTF-8"], input: file.bytes)
        try #require(result.status == 0, "iconv: \(result.stderr)")
        return result.stdout.replacingOccurrences(of: "encoding=\"windows-1251\"", with: "encoding=\"UTF-8\"")
    }

    /// Checks text under the file's own name, as `faktura validate` would, rules of Faktura included.
    static func findings(_ text: String, name: String) -> [Finding] {
        InvoiceValidator(today: LocalDate(iso: "2026-12-01")!).validate(data: Data(text.utf8), source: "/tmp/\(name).xml").findings
    }
}
