import Foundation

/// What a finished child process left: its exit status and its output.
struct CommandResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// The first line of standard output, trimmed.
    var line: String { stdout.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "" }
}

/// Runs a child process with its output captured in files (no pipe can fill up and block it).
enum ProcessRunner {
    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var description: String { "\(command) did not finish in time" }
    }

    /// Starts `executable` and returns the running process; its output goes to `stdoutPath`/`stderrPath`.
    static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdoutPath: String,
        stderrPath: String
    ) throws -> Process {
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
        return process
    }

    /// Runs `executable` to the end (killing it after `timeout` seconds).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in folder: String,
        timeout: Double = 120
    ) throws -> CommandResult {
        let id = UUID().uuidString
        let out = folder + "/.out-\(id)"
        let err = folder + "/.err-\(id)"
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let process = try start(executable, arguments, environment: environment, stdoutPath: out, stderrPath: err)
        guard wait(process, timeout: timeout) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        return CommandResult(status: process.terminationStatus, stdout: read(out), stderr: read(err))
    }

    /// Waits for `process` to end; false if it still runs after `timeout` seconds.
    static func wait(_ process: Process, timeout: Double) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > end { return false }
            usleep(5_000)
        }
        process.waitUntilExit()
        return true
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
