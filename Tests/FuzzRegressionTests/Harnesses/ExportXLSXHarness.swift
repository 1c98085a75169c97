// Fuzz harness: the XLSX export reader (ZIP, shared strings, styles, sheet XML), header and
// every row. Compiled alone into `fuzz-ExportXLSX` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import ERPAudit

enum ExportXLSXHarness {
    /// Reads one input to its end; returns the error's text when it was refused (or the first
    /// malformed row's reason), nil when every row was read.
    static func run(_ data: Data) -> String? {
        do {
            var reader = try XLSXExportReader(data: data, name: "orders.xlsx")
            var firstProblem: String?
            while let item = try reader.next() {
                if case .malformed(let row) = item, firstProblem == nil {
                    firstProblem = "orders.xlsx:\(row.line): \(row.reason.english)"
                }
            }
            return firstProblem
        } catch {
            return "\(error)"
        }
    }
}

#if FUZZING
import LibFuzzerEntry

/// `fuzz-ExportXLSX` runs this harness under libFuzzer.
@main extension ExportXLSXHarness: LibFuzzerHarness {}
#endif
