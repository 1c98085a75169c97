// Benchmarks, not tests: `make bench` builds this in release mode and prints figures.
// `faktura-bench [render|validate|audit|archive|mail|upd]...` runs a subset; no argument runs all.
// Each benchmark pins its work to one task unless it measures parallel throughput, and
// reports peak memory (VmHWM) where the target names one.
import Foundation

let benchmarks: [(name: String, run: () -> Void)] = [
    ("render", runRenderBenchmark),
    ("validate", runValidateBenchmark),
    ("audit", runAuditBenchmark),
    ("erp-exports", runERPExportBenchmark),
    ("archive", runArchiveBenchmark),
    ("pdf-read", runPDFReadBenchmark),
    ("pdf-facts", runPDFFactsBenchmark),
    ("pdf-agreement", runPDFAgreementBenchmark),
    ("mail", runMailBenchmark),
    ("server", runServerBenchmark),
    ("upd", runUPDBenchmark),
]

let requested = Set(CommandLine.arguments.dropFirst())
let unknown = requested.subtracting(benchmarks.map(\.name))
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("unknown benchmark(s): \(unknown.sorted().joined(separator: ", ")); known: \(benchmarks.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
for benchmark in benchmarks where requested.isEmpty || requested.contains(benchmark.name) {
    print("== \(benchmark.name)")
    benchmark.run()
    print()
}
