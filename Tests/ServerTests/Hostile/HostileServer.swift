import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A spawned `gisement-server serve` with a fresh database and one agent token, for the hostile
/// input tests: they read the child's memory from `/proc/PID/status` and probe `/v1/health`.
final class HostileServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let process: ServerProcess
    let port: Int
    let agentToken: String

    private init(folder: TemporaryFolder, process: ServerProcess, port: Int, agentToken: String) {
        self.folder = folder
        self.process = process
        self.port = port
        self.agentToken = agentToken
    }

    static func start() async throws -> HostileServer {
        let folder = TemporaryFolder("hostile")
        let db = try StoreEngine.current.database(in: folder)
        let add = try await ServerBinary.run(["token", "add", "field-agent", "--role", "agent", "--db", db])
        struct TokenAddFailed: Error { let stderr: String }
        guard add.status == 0 else { throw TokenAddFailed(stderr: add.stderr) }
        let process = try await ServerProcess.start(database: db, stderrPath: folder.file("serve.err"))
        let port = Int(process.baseURL.split(separator: ":").last ?? "") ?? 0
        return HostileServer(
            folder: folder, process: process, port: port,
            agentToken: add.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `VmRSS` (now) or `VmHWM` (the peak so far) of the server process, in MiB.
    func memoryMiB(_ field: String = "VmRSS") -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? -1
            return kilobytes / 1024
        }
        return -1
    }

    func stop() async {
        _ = await process.stop(signal: SIGTERM)
    }
}

/// Asks `/v1/health` every 50 ms on a fresh connection until stopped; records each answer's time.
final class HealthProbe: Sendable {
    struct Report: Sendable {
        var checks = 0
        var failures: [String] = []
        var slowest = 0.0
        var times: [Double] = []
        var median: Double { times.isEmpty ? .infinity : times.sorted()[times.count / 2] }
    }

    private let state = Mutex(Report())
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(port: Int) {
        Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                let start = Date()
                var outcome = "no answer"
                if let client = try? RawHTTPClient(port: port, timeout: 2) {
                    client.send("GET /v1/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    if let status = client.readResponse()?.status { outcome = String(status) }
                }
                let elapsed = Date().timeIntervalSince(start)
                state.withLock { report in
                    report.checks += 1
                    report.slowest = max(report.slowest, elapsed)
                    report.times.append(elapsed)
                    if outcome != "200" { report.failures.append(outcome) }
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            done.signal()
        }.start()
    }

    /// Stops probing and returns what was seen.
    func finish() -> Report {
        stopped.store(true, ordering: .relaxed)
        done.wait()
        return state.withLock { $0 }
    }
}

/// Storm tests (thousands of sockets in this process) run one at a time across suites: two at
/// once would starve each other's health checks and make `/proc/net/tcp` change under the reads
/// of `SlowClientStorm.socketDescriptors`.
enum StormGate {
    private static let semaphore = DispatchSemaphore(value: 1)

    static func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await offMainPool { semaphore.wait() }
        defer { semaphore.signal() }
        return try await body()
    }
}
