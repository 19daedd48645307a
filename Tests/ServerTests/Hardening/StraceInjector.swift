import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// strace attached to a running process, making every `pwrite64` fail with an errno
/// (`strace -f -p PID -e trace=pwrite64 -e inject=pwrite64:error=ENOSPC`); SQLite writes its
/// database and WAL with pwrite64. `detach()` ends the injection.
final class StraceInjector {
    private let process: Process

    /// Attaches and waits until strace says so; nil when it cannot attach (no ptrace here).
    init?(pid: Int32, error: String, log: String) throws {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        process.arguments = ["-f", "-p", String(pid), "-e", "trace=pwrite64", "-e", "inject=pwrite64:error=\(error)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("attached") {
                self.process = process
                usleep(200_000)  // every thread of the server is attached by now
                return
            }
            if !process.isRunning { return nil }
            usleep(20_000)
        }
        process.terminate()
        return nil
    }

    /// Ends the injection: kills strace, and the kernel detaches it from every thread it traced
    /// (the server goes on untouched). Not SIGINT/SIGTERM: strace inherits the signal mask of the
    /// thread that spawned it, and the test runner's threads block those signals.
    func detach() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { detach() }
}
