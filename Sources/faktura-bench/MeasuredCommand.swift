import Foundation

/// A command run to its end in a fresh process, with its own figures: wall time, CPU time and
/// peak resident memory, read from `wait4`'s usage of that one child, so that neither the
/// benchmark's own memory nor an earlier run's peak inflates the figure.
struct MeasuredCommand {
    let exitStatus: Int32
    let wallSeconds: Double
    let cpuSeconds: Double
    /// Peak resident set size (`ru_maxrss`) in bytes.
    let peakBytes: Int

    var peakText: String { String(format: "%.0f MB", Double(peakBytes) / 1_048_576) }

    /// Runs `arguments` (the first an executable path) with standard output and error to /dev/null.
    /// - Returns: nil, after printing why, when it cannot be started.
    static func run(_ arguments: [String]) -> MeasuredCommand? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, &environment)
        guard spawned == 0 else {
            print("  cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
            return nil
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = clock.now - start
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // Linux's wait status: the exit code in bits 8-15 when the low 7 bits (the signal) are 0.
        let exit: Int32 = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return MeasuredCommand(exitStatus: exit,
                               wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                               cpuSeconds: cpu, peakBytes: usage.ru_maxrss * 1024)
    }
}
