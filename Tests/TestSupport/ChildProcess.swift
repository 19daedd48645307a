import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process left: its exit status and its output.
public struct CommandResult: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// The first line of standard output, trimmed.
    public var line: String {
        stdout.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
    }
}

/// The one way the test targets run a child process: its output goes to files, so no pipe can fill
/// up and block it, and a run that outlives its timeout is killed.
public enum ChildProcess {
    public struct TimedOut: Error, CustomStringConvertible {
        public var command: String
        public var description: String { "\(command) did not finish in time" }
    }

    /// Starts `executable` and returns the running process; its output goes to `stdoutPath`/`stderrPath`.
    /// - Parameters:
    ///   - environment: variables set over the test's own environment.
    ///   - removing: variables of the test's own environment the child must not see.
    ///   - workingDirectory: the child's current folder (the test's own when nil).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
        workingDirectory: String? = nil, stdoutPath: String, stderrPath: String
    ) throws -> Process {
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for key in removing { merged[key] = nil }
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
        return process
    }

    /// Runs `executable` to its end, its output kept in files in `folder` (the system's temporary
    /// folder when nil) until read, killing it after `timeout` seconds.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
        in folder: String? = nil, workingDirectory: String? = nil, timeout: Double = 120
    ) throws -> CommandResult {
        let outputFolder = folder ?? NSTemporaryDirectory()
        let id = UUID().uuidString
        let out = outputFolder + "/.out-\(id)"
        let err = outputFolder + "/.err-\(id)"
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let process = try start(
            executable, arguments, environment: environment, removing: removing, workingDirectory: workingDirectory,
            stdoutPath: out, stderrPath: err)
        guard wait(process, timeout: timeout) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        return CommandResult(status: process.terminationStatus, stdout: read(out), stderr: read(err))
    }

    /// Waits for `process` to end; false if it still runs after `timeout` seconds.
    public static func wait(_ process: Process, timeout: Double) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > end { return false }
            usleep(5_000)
        }
        process.waitUntilExit()
        return true
    }

    /// The file's bytes as text, exactly: a byte-order mark at its start is kept (the spreadsheet
    /// export writes one), where `String(contentsOfFile:)` would drop it.
    public static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
