import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A scenario's temporary folder and the processes it started, removed and stopped by
/// ``cleanUp()`` (called from a `defer`, so also when the scenario fails).
final class BenchWorkspace {
    let directory: String
    private var children: [ChildProcess] = []

    /// Makes a fresh folder under the system's temporary directory.
    /// - Throws: ``BenchFailure`` when the folder cannot be made.
    init(_ name: String) throws {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("gisement-bench-\(name).XXXXXX")
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw BenchFailure("could not make a temporary folder \(template)") }
        directory = String(cString: made)
        BenchCleanup.shared.register(directory: directory)
    }

    /// A path inside the workspace.
    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Starts a process that ``cleanUp()`` will stop if it is still running.
    func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdout: String? = nil,
        stderr: String? = nil
    ) throws -> ChildProcess {
        // Profiling hook: GISEMENT_BENCH_PREFIX_<NAME> (NAME = gisement, gisement-server) runs that
        // binary under a tool, e.g. "valgrind --tool=callgrind --callgrind-out-file=/tmp/server.%p".
        let name = (executable as NSString).lastPathComponent.uppercased().replacingOccurrences(of: "-", with: "_")
        let prefix = (ProcessInfo.processInfo.environment["GISEMENT_BENCH_PREFIX_\(name)"] ?? "")
            .split(separator: " ").map(String.init)
        let child = try ChildProcess(
            prefix.first ?? executable, Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [executable]) + arguments,
            environment: environment, stdout: stdout, stderr: stderr)
        children.append(child)
        BenchCleanup.shared.register(pid: child.pid)
        return child
    }

    /// Runs a process to its end and returns its standard output; fails on a non-zero exit.
    /// - Throws: ``BenchFailure`` with the process's standard error.
    @discardableResult
    func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let out = path("run.out")
        let err = path("run.err")
        let child = try spawn(executable, arguments, environment: environment, stdout: out, stderr: err)
        let status = child.wait()
        BenchCleanup.shared.forget(pid: child.pid)
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let message = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
            throw BenchFailure("\(child.label) exited with \(status): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return output
    }

    /// Stops every process still running and removes the folder.
    func cleanUp() {
        for child in children {
            child.stop()
            BenchCleanup.shared.forget(pid: child.pid)
        }
        children.removeAll()
        try? FileManager.default.removeItem(atPath: directory)
        BenchCleanup.shared.forget(directory: directory)
    }
}

/// What is left to remove when the bench is interrupted (SIGINT/SIGTERM) before a scenario's own
/// clean-up ran: folders and child processes. Only ids and paths live here (values, behind a
/// mutex), so a signal handler on another queue can act on them.
final class BenchCleanup: Sendable {
    /// The bench process's one registry: a signal can arrive anywhere, so it cannot be passed in.
    static let shared = BenchCleanup()

    private struct State {
        var directories: Set<String> = []
        var pids: Set<pid_t> = []
    }

    private let state = Mutex(State())

    func register(directory: String) { state.withLock { _ = $0.directories.insert(directory) } }
    func forget(directory: String) { state.withLock { _ = $0.directories.remove(directory) } }
    func register(pid: pid_t) { state.withLock { _ = $0.pids.insert(pid) } }
    func forget(pid: pid_t) { state.withLock { _ = $0.pids.remove(pid) } }

    /// Kills the registered processes and removes the registered folders.
    func cleanUpAll() {
        let (directories, pids) = state.withLock { state in
            defer { state = State() }
            return (state.directories, state.pids)
        }
        for pid in pids {
            kill(-pid, SIGKILL)  // each child leads its own process group
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Cleans up and exits 130 on SIGINT or SIGTERM.
    func installSignalHandlers() -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "gisement-bench.signals")
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                FileHandle.standardError.write(Data("\ngisement-bench: interrupted, cleaning up\n".utf8))
                BenchCleanup.shared.cleanUpAll()
                exit(130)
            }
            source.resume()
            return source
        }
    }
}
