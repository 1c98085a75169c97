import FakturaTestSupport
import Foundation
import Testing

@Suite("faktura id")
struct IdCommandTests {
    struct Verdict: Decodable, Equatable {
        let value: String
        let scheme: String?
        let valid: Bool
        let code: String?
    }

    func verdicts(_ result: CLIResult) throws -> [Verdict] {
        try JSONDecoder().decode([Verdict].self, from: Data(result.stdout.utf8))
    }

    @Test func validINNExitsZeroWithNullCode() throws {
        let result = try CLI.run(["id", "--scheme", "ru-inn", "--format", "json", "7707083893"])
        #expect(result.status == 0)
        #expect(try verdicts(result) == [Verdict(value: "7707083893", scheme: "ru-inn", valid: true, code: nil)])
        #expect(result.stdout.contains(#""code": null"#))
    }

    @Test func brokenValuesExitOneWithTheirCodes() throws {
        let result = try CLI.run(["id", "--scheme", "ru-inn", "--format", "json", "-"],
                                 stdin: "7707083894\n77070838\n500100732259\n")
        #expect(result.status == 1)
        #expect(try verdicts(result).map(\.code) == ["TAX_ID_CHECKSUM", "TAX_ID_FORMAT", nil])
    }

    @Test func withoutSchemeNamesTheSchemesAValueFits() throws {
        let result = try CLI.run(["id", "--format", "json", "91440300MA5G8K2P17", "773601001"])
        #expect(result.status == 0)
        let found = try verdicts(result)
        #expect(found.contains(Verdict(value: "91440300MA5G8K2P17", scheme: "cn-uscc", valid: true, code: nil)))
        #expect(found.contains(Verdict(value: "773601001", scheme: "ru-kpp", valid: true, code: nil)))
        #expect(!found.contains { $0.value == "773601001" && $0.scheme == "ru-inn" })
    }

    @Test func unknownSchemeIsAUsageErrorWithExitTwo() throws {
        let result = try CLI.run(["id", "--scheme", "xx-nope", "123"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Unknown scheme 'xx-nope'"))
        #expect(result.stderr.contains("ru-inn"))
    }

    @Test func textOutputIsOneLinePerValue() throws {
        let result = try CLI.run(["id", "--scheme", "ru-inn", "7707083893", "7707083894"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("valid") && lines[1].contains("TAX_ID_CHECKSUM"))
    }

    @Test func helpListsTheSchemes() throws {
        let result = try CLI.run(["id", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("cn-uscc"))
        #expect(result.stdout.contains("--scheme"))
    }
}
