// Fuzz harness: the UPD reader (XML budget pre-scan, libxml2, the tax service's XSD, its 54
// Schematron rules through libxml2's XPath engine, the reading into an invoice). Compiled alone
// into `fuzz-UPD` by `make fuzz` and into FuzzRegressionTests.
import FakturaXML
import Foundation
import UPD

enum UPDHarness {
    /// Checks one input as a UPD file; returns its findings' text, nil when it has none.
    static func run(_ data: Data) -> String? {
        let result = UPDCheck.check(data, source: "ON_NSCHFDOPPR_fuzz.xml")
        return result.findings.isEmpty ? nil : result.findings.map(\.description).joined(separator: "\n")
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-UPD` runs this harness under libFuzzer.
@main extension UPDHarness: LibFuzzerHarness {}
#endif
