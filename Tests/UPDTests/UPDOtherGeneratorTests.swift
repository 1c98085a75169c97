import FakturaTestSupport
import Findings
import Foundation
import InvoiceModel
import Testing
import Validate

/// UPD files another generator wrote (Fixtures/other-generators/README.md): read without a
/// false alarm, or with each finding a real defect of the file.
@Suite("UPD in: files of other generators")
struct UPDOtherGeneratorTests {
    static let folder = CLI.repositoryRoot.appendingPathComponent("Tests/UPDTests/Fixtures/other-generators/ooofix-xmlupd-cloud")

    static func file(in subfolder: String) throws -> URL {
        let url = folder.appendingPathComponent(subfolder)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: url.path).first { $0.hasSuffix(".xml") })
        return url.appendingPathComponent(name)
    }

    static let validator = InvoiceValidator(today: LocalDate(iso: "2026-12-07")!)

    /// What every file of this generator gets: its four-digit ОКЕИ "0796" is no code of the
    /// classifier (шт is 796), and it has no field for the TN VED code, which Faktura asks of a
    /// Russian invoice's goods (a warning).
    static func expectGeneratorFindings(_ findings: [Finding]) {
        let units = findings.filter { $0.code == .unitUnknown }
        #expect(units.count == 2 && units.allSatisfy { $0.message.hasPrefix("'0796'") }, "\(findings.map(\.description))")
        let codes = findings.filter { $0.code == .hsCodeMissing }
        #expect(codes.count == 2 && codes.allSatisfy { $0.severity == .warning }, "\(findings.map(\.description))")
    }

    @Test func aFileWithItsAddressesInPartsHasNoOtherFinding() throws {
        let findings = Self.validator.validate(fileAt: try Self.file(in: "address-in-parts")).findings
        #expect(findings.count == 4, "\(findings.map(\.description))")
        Self.expectGeneratorFindings(findings)
        // Nothing of the tax service's schema, its rules or the file name.
        #expect(!findings.contains { [.updSchema, .updRule, .updFileName].contains($0.code) })
    }

    @Test func aFileWithAddressesAsTextLacksTheRegionNames() throws {
        let findings = Self.validator.validate(fileAt: try Self.file(in: "free-text-address")).findings
        let schema = findings.filter { $0.code == .updSchema }
        #expect(schema.count == 3 && schema.allSatisfy { $0.message.contains("АдрРФ") && $0.message.contains("НаимРегион") },
                "\(findings.map(\.description))")
        // With the region's name the address text is gone too: seller and buyer have none.
        let addresses = findings.filter { $0.code == .schema }
        #expect(addresses.map(\.field) == ["seller.address", "buyer.address"], "\(findings.map(\.description))")
        Self.expectGeneratorFindings(findings)
        #expect(findings.count == 9)
    }
}
