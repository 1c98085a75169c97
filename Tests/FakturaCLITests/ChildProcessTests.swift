import FakturaTestSupport
import Foundation
import Testing

/// The suite's one way to run a program: a deadline on every wait, and a kill that takes the
/// program's own children with it.
@Suite struct ChildProcessTests {
    @Test func aRunPastItsDeadlineIsKilledAndNamed() throws {
        let started = ContinuousClock.now
        #expect {
            try CLI.runTool("/bin/sleep", ["30"], seconds: 0.5)
        } throws: { error in
            guard let failure = error as? ChildProcess.Failure, case .timedOut(let command, let seconds) = failure else { return false }
            return command == "/bin/sleep 30" && seconds == 0.5
        }
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    /// What Foundation's `waitUntilExit` could not see: the child is killed while a grandchild
    /// it started still holds its output open. The wait returns, and the deadline's kill takes
    /// the grandchild too.
    @Test func aKilledChildIsReapedWhileItsGrandchildHoldsItsOutput() throws {
        let scratch = ScratchFolder("child-grandchild")
        let pidFile = scratch.path("grandchild.pid")
        let child = try ChildProcess("/bin/sh", ["-c", "sleep 60 & echo $! > '\(pidFile.path)'; wait"],
                                     stdout: .file(scratch.path("out")))
        var grandchild: pid_t = 0
        for _ in 0..<2_000 where grandchild == 0 {
            grandchild = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            usleep(5_000)
        }
        #expect(grandchild > 0, "the shell never started its grandchild")
        #expect(throws: ChildProcess.Failure.self) { try child.wait(seconds: 0.3) }
        #expect(child.termination() == .signalled(SIGKILL))
        // The grandchild was in the child's process group: it is gone (or a zombie init reaps).
        var gone = false
        for _ in 0..<400 where !gone {
            gone = kill(grandchild, 0) != 0 || Self.isZombie(grandchild)
            usleep(5_000)
        }
        #expect(gone, "grandchild \(grandchild) outlived the deadline's kill")
    }

    @Test func exitStatusSignalInputAndBothOutputsComeBack() throws {
        let run = try CLI.runTool("/bin/sh", ["-c", "cat; echo err >&2; exit 3"], input: Data("in\u{0}put".utf8))
        #expect(run.termination == .exited(3))
        #expect(run.status == 3)
        #expect(run.stdoutData == Data("in\u{0}put".utf8))
        #expect(run.stderr == "err\n")
        let killed = try CLI.runTool("/bin/sh", ["-c", "kill -TERM $$"])
        #expect(killed.termination == .signalled(SIGTERM))
        #expect(killed.status == 128 + SIGTERM)
    }

    @Test func aProgramThatCannotStartIsNamed() {
        #expect {
            try CLI.runTool("/nonexistent/tool", ["x"])
        } throws: { error in
            "\(error)".contains("/nonexistent/tool") && "\(error)".contains("No such file")
        }
    }

    /// State `Z` in /proc/PID/stat: ended, not yet reaped by its new parent.
    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].dropFirst().first == "Z"
    }
}
