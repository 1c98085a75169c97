// The libFuzzer entry of every `fuzz-<Name>` executable that `make fuzz` builds: a harness file
// marks its harness `@main extension <Name>Harness: LibFuzzerHarness {}` (under FUZZING), and
// this gives it `main`. Package.swift adds this target only when FAKTURA_FUZZ is set.
public import Foundation

/// A harness that libFuzzer can drive: ``run(_:)`` reads one input.
public protocol LibFuzzerHarness {
    static func run(_ data: Data) -> String?
}

extension LibFuzzerHarness {
    /// Hands the command line to libFuzzer's driver, which feeds every input to ``run(_:)``.
    public static func main() {
        fuzzedHarness = { _ = run($0) }
        var count = CommandLine.argc, arguments = CommandLine.unsafeArgv
        exit(runFuzzer(&count, &arguments, fuzzOneInput))
    }
}

/// The harness whose `main` started; set once, before libFuzzer calls ``fuzzOneInput(_:_:)``.
nonisolated(unsafe) private var fuzzedHarness: (Data) -> Void = { _ in }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzedHarness(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                       _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
