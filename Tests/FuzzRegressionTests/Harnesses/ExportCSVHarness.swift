// Fuzz harness: the CSV export reader, header and every row. Compiled alone into
// `fuzz-ExportCSV` by `make fuzz` and into FuzzRegressionTests.
import Foundation
import ERPAudit

enum ExportCSVHarness {
    /// The reader takes a file (it reads in chunks), so each input is written to one per process.
    private static let file = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("faktura-fuzz-\(getpid())-\(UUID().uuidString).csv")

    /// Reads one input to its end; returns the error's text when it was refused (or the first
    /// malformed row's reason), nil when every row was read.
    static func run(_ data: Data) -> String? {
        do {
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            var reader = try CSVExportReader(url: file)
            var firstProblem: String?
            while let item = try reader.next() {
                if case .malformed(let row) = item, firstProblem == nil {
                    firstProblem = "\(file.lastPathComponent):\(row.line): \(row.reason.english)"
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

/// `fuzz-ExportCSV` runs this harness under libFuzzer.
@main extension ExportCSVHarness: LibFuzzerHarness {}
#endif
