import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process the bench started with `posix_spawn`, so that its peak memory is its own.
///
/// Peak RSS is `VmHWM` in `/proc/<pid>/status`, read while the process runs (``peakRSSKilobytes``).
/// Not `ru_maxrss` from `wait4`: Linux carries the high-water mark of the image that `exec`
/// replaced (the bench's own, with `posix_spawn` and `fork` alike) into the child's `ru_maxrss`,
/// so a child of a 600 MB bench would report 600 MB. Every child is registered with the
/// workspace that started it, which stops it on clean-up even when the scenario failed.
final class ChildProcess {
    let pid: pid_t
    let label: String
    /// Set once the process was reaped.
    private(set) var exitStatus: Int32?
    /// User + system CPU seconds, once the process was reaped.
    private(set) var exitCPUSeconds: Double?

    /// Starts `executable` with `arguments`; stdout and stderr go to the given files (or /dev/null).
    /// - Throws: ``BenchFailure`` when the process cannot be started.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdout: String? = nil,
        stderr: String? = nil
    ) throws {
        label = (executable as NSString).lastPathComponent + " " + arguments.prefix(2).joined(separator: " ")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // Its own process group, so that stopping it also stops what it started (a profiler's target).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var child: pid_t = 0
        let code = posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
        guard code == 0 else {
            throw BenchFailure("could not start \(executable): \(String(cString: strerror(code)))")
        }
        pid = child
    }

    /// The peak resident set so far (`VmHWM`), in kilobytes; nil once the process is gone.
    var peakRSSKilobytes: Int? {
        guard exitStatus == nil, let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// Waits for the process to exit and returns its exit status (128 + signal when killed).
    @discardableResult
    func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR {
                exitStatus = -1
                return -1
            }
        }
        record(usage)
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out: the macros are not imported.
        let signal = status & 0x7F
        exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return exitStatus!
    }

    /// Whether the process has exited (reaping it if so), without blocking.
    var hasExited: Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, WNOHANG, &usage) == pid else { return false }
        record(usage)
        let signal = status & 0x7F
        exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return true
    }

    private func record(_ usage: rusage) {
        exitCPUSeconds = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// User + system CPU seconds used so far (`/proc/<pid>/stat`); nil once the process is gone.
    var cpuSeconds: Double? {
        guard exitStatus == nil, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Waits for the exit while reading `VmHWM` every 5 ms; returns the status and the last (highest)
    /// reading, in kilobytes. `VmHWM` only grows, so what is missed is growth in the last 5 ms.
    func waitSamplingMemory() -> (status: Int32, peakKilobytes: Int) {
        var peak = 0
        while !hasExited {
            if let sample = peakRSSKilobytes { peak = max(peak, sample) }
            usleep(5_000)
        }
        return (exitStatus ?? -1, peak)
    }

    /// Asks the process and its group to stop (SIGTERM), then kills them if the process is still
    /// there after `grace` seconds.
    func stop(grace: Double = 10) {
        guard !hasExited else { return }
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while !hasExited {
            if Date() > deadline {
                kill(-pid, SIGKILL)
                wait()
                return
            }
            usleep(10_000)
        }
    }
}
