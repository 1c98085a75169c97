import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which limit of a ``PDFReadBudget`` reading a PDF ran into, or how its reader process ended:
/// named in ``PDFReadError/overBudget(_:limit:)`` so that a report (and a test) says which
/// budget fired rather than how long it took.
public enum PDFReadLimit: Sendable, Hashable, CustomStringConvertible {
    /// The reader used more CPU time than the document's budget (with its OCR pages' share).
    case cpuTime(seconds: Double)
    /// The reader stalled: the wall-clock backstop (``PDFReadBudget/wallFactor`` × the CPU budget) ran out.
    case wallClock(seconds: Double)
    /// The reader process was killed by a signal: it ran out of its memory limit (`RLIMIT_DATA`,
    /// an allocation failed and the library aborted) or crashed inside poppler or Tesseract.
    case readerKilled(signal: Int32, memoryBytes: Int)
    /// The reader process exited with a status of its own while reading (out of memory or a failure).
    case readerExited(status: Int32, memoryBytes: Int)
    /// The caller's deadline (``WorkDeadline``: a server request's time limit) passed while the
    /// reader was reading; the reader was killed.
    case deadline

    public var description: String {
        switch self {
        case .cpuTime(let seconds):
            return "it took more than its budget of \(Self.seconds(seconds)) of CPU time"
        case .wallClock(let seconds):
            return "it took more than \(Self.seconds(seconds)) of wall-clock time (the reader stalled)"
        case .readerKilled(let signal, let memoryBytes):
            let name = strsignal(signal).map { String(cString: $0) } ?? "signal \(signal)"
            return "the PDF reader was stopped by signal \(signal) (\(name)): it ran out of its \(memoryBytes >> 20) MB memory budget, or poppler crashed on the PDF"
        case .readerExited(let status, let memoryBytes):
            return "the PDF reader exited with status \(status): it ran out of its \(memoryBytes >> 20) MB memory budget, or poppler failed on the PDF"
        case .deadline:
            return "the time allowed for the request ran out while the PDF was read (the reader was stopped)"
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
