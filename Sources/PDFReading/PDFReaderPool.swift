public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Long-lived `faktura-pdf-reader` processes: a caller takes an idle one (or starts one), sends
/// it a PDF and puts it back. So there are as many readers as PDFs read at once (`--jobs`), each
/// started once, and the per-PDF cost is two pipe writes rather than a process start.
public final class PDFReaderPool: @unchecked Sendable {
    public static let shared = PDFReaderPool()
    /// The reader's executable, installed next to `faktura` (`FAKTURA_PDF_READER` overrides).
    static let executableName = "faktura-pdf-reader"

    private let lock = NSLock()
    private var idle: [PDFReaderChild] = []
    private let executable: String?
    private var contentStreams = true

    /// Whether readers read simple text PDFs from their content streams themselves (a fraction
    /// of poppler's cost); off, every PDF goes to poppler (to compare the two, or to measure).
    /// A reader keeps the setting it was started with; a changed setting starts new readers.
    public var readsContentStreams: Bool {
        get {
            lock.lock()
            defer { lock.unlock() }
            return contentStreams
        }
        set {
            lock.lock()
            contentStreams = newValue
            lock.unlock()
        }
    }

    private init() {
        // A reader that dies while we write to it must give an error, not kill the audit.
        signal(SIGPIPE, SIG_IGN)
        executable = Self.locateExecutable()
    }

    /// Reads `pdf` in a reader process under `budget`: what `mode` asks for, or the reason it
    /// could not (``PDFReadError/overBudget(_:limit:)`` when the reader ran out of time or memory).
    public func read(_ pdf: Data, mode: PDFReadMode, source: String, budget: PDFReadBudget) throws(PDFReadError) -> PDFReadout {
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
        let contentStreams = self.contentStreams
        if let index = idle.lastIndex(where: {
            $0.memoryBytes == budget.memoryBytes && $0.maxOCRPages == budget.maxOCRPages && $0.readsContentStreams == contentStreams
                && $0.maxImagePixels == budget.maxImagePixels && $0.isAlive
        }) {
            let child = idle.remove(at: index)
            lock.unlock()
            return child
        }
        lock.unlock()
        do {
            return try PDFReaderChild(executable: executable, budget: budget, readsContentStreams: contentStreams)
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
