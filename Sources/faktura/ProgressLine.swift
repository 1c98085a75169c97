import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one progress line of the commands: redrawn in place on standard error, and only when
/// standard error is a terminal (a pipe or a file gets nothing).
final class ProgressLine: Sendable {
    private let enabled: Bool

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// `label` alone, e.g. `reading: 65536 rows`.
    func show(_ label: String) {
        draw(label)
    }

    /// `label [#####     ] done/total`, the bar 30 characters wide.
    func show(done: Int, of total: Int, label: String = "") {
        let width = 30
        let filled = total == 0 ? width : min(width, width * done / total)
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "]"
        draw((label.isEmpty ? "" : label + " ") + "\(bar) \(done)/\(total)")
    }

    /// Removes the line, e.g. before a message.
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Ends the line, leaving the last state shown.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(_ line: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }
}
