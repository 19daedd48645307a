import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `gisement-server` executable (``BuiltExecutable``, ``ChildProcess``).
enum ServerBinary {
    static func path() throws -> String { try BuiltExecutable.find("gisement-server", variable: "GISEMENT_SERVER_BIN") }

    /// Runs the binary with `arguments` to completion, in `directory` when given, with `environment`
    /// added to the test's own.
    static func run(_ arguments: [String], directory: String? = nil, environment: [String: String] = [:]) async throws
        -> CommandResult
    {
        let executable = try path()
        return try await offMainPool {
            try ChildProcess.run(executable, arguments, environment: environment, workingDirectory: directory)
        }
    }
}

/// A `gisement-server serve` child process.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let baseURL: String
    let firstLine: String
    let stderrPath: String

    private init(process: Process, baseURL: String, firstLine: String, stderrPath: String) {
        self.process = process
        self.baseURL = baseURL
        self.firstLine = firstLine
        self.stderrPath = stderrPath
    }

    /// Starts `serve --port 0 --db DATABASE` (a file's path or a `postgres://` URL) and waits for
    /// its `listening on` line.
    /// - Parameter environment: variables added to the test's own (e.g. `LOG_LEVEL`).
    static func start(
        database: String, stderrPath: String, extra: [String] = [], environment: [String: String] = [:]
    ) async throws -> ServerProcess {
        let executable = try ServerBinary.path()
        return try await offMainPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", "--port", "0", "--db", database] + extra
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let out = Pipe()
            process.standardOutput = out
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            struct NoListeningLine: Error { let got: String }
            guard text.hasPrefix("listening on ") else { throw NoListeningLine(got: text) }
            return ServerProcess(
                process: process, baseURL: String(text.dropFirst("listening on ".count)), firstLine: text,
                stderrPath: stderrPath)
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` and waits for the exit status.
    func stop(signal: Int32) async -> Int32 {
        kill(pid, signal)
        return await waitForExit()
    }

    func waitForExit() async -> Int32 {
        let process = self.process
        return (try? await offMainPool { ChildProcess.waitForExit(process, timeout: 120)?.status ?? -1 }) ?? -1
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

/// Runs blocking work on a Dispatch queue instead of the Swift concurrency pool.
func offMainPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Swift.Result { try body() }) }
    }
}
