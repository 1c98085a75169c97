import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Long-lived `faktura-pdf-reader` processes: a caller takes an idle one (or starts one), sends
/// it a PDF and puts it back. So there are as many readers as PDFs read at once (`--jobs`), each
/// started once, and the per-PDF cost is two pipe writes rather than a process start.
final class PDFReaderPool: @unchecked Sendable {
    static let shared = PDFReaderPool()
    /// The reader's executable, installed next to `faktura` (`FAKTURA_PDF_READER` overrides).
    static let executableName = "faktura-pdf-reader"

    private let lock = NSLock()
    private var idle: [PDFReaderChild] = []
    private let executable: String?

    private init() {
        // A reader that dies while we write to it must give an error, not kill the audit.
        signal(SIGPIPE, SIG_IGN)
        executable = Self.locateExecutable()
    }

    func read(_ pdf: Data, mode: PDFReaderWire.Mode, source: String, budget: PDFReadBudget) throws(PDFReadError) -> PDFReadout {
        guard let executable else {
            throw .damaged(source, reason: "the PDF reader \(Self.executableName) is not installed next to this program (or named by FAKTURA_PDF_READER); build it with `swift build --product \(Self.executableName)`")
        }
        if let deadline = WorkDeadline.current, ContinuousClock.now >= deadline { throw .overBudget(source, limit: .deadline) }
        let child = try take(executable: executable, budget: budget, source: source)
        let readout = try child.read(pdf, mode: mode, source: source, budget: budget)
        putBack(child)
        return readout
    }

    private func take(executable: String, budget: PDFReadBudget, source: String) throws(PDFReadError) -> PDFReaderChild {
        lock.lock()
        if let index = idle.lastIndex(where: { $0.memoryBytes == budget.memoryBytes && $0.maxOCRPages == budget.maxOCRPages
                                                && $0.maxImagePixels == budget.maxImagePixels && $0.isAlive }) {
            let child = idle.remove(at: index)
            lock.unlock()
            return child
        }
        lock.unlock()
        do {
            return try PDFReaderChild(executable: executable, budget: budget)
        } catch {
            throw .damaged(source, reason: error.detail)
        }
    }

    private func putBack(_ child: PDFReaderChild) {
        guard child.isAlive else { return }
        lock.lock()
        idle.append(child)
        lock.unlock()
    }

    private static func locateExecutable() -> String? {
        if let named = ProcessInfo.processInfo.environment["FAKTURA_PDF_READER"], !named.isEmpty {
            return access(named, X_OK) == 0 ? named : nil
        }
        var candidates: [String] = []
        if let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((own as NSString).deletingLastPathComponent)
        }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return candidates.map { "\($0)/\(executableName)" }.first { access($0, X_OK) == 0 }
    }
}
