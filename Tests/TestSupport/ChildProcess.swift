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
        guard let exit = waitForExit(process, timeout: timeout) else {
            kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(process, timeout: 10)
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        return CommandResult(status: exit.status, stdout: read(out), stderr: read(err))
    }

    /// How a child ended: its exit status, or the number of the signal that ended it.
    public struct Exit: Sendable, Equatable {
        public var status: Int32
        public var bySignal: Bool

        public init(status: Int32, bySignal: Bool) {
            self.status = status
            self.bySignal = bySignal
        }

        /// The exit a `waitpid` status word tells (the form `/proc/PID/stat` also gives).
        public init(waitStatus: Int32) {
            let signal = waitStatus & 0x7f
            self = signal == 0 ? Exit(status: (waitStatus >> 8) & 0xff, bySignal: false) : Exit(status: signal, bySignal: true)
        }

        public static let success = Exit(status: 0, bySignal: false)
    }

    /// Waits for `process` to end; nil if it still runs after `timeout` seconds. Read how it ended
    /// from the answer, not from `process`, which may not know yet.
    ///
    /// Foundation's `Process` learns that its child ended when the last copy of a socket it gave
    /// the child is closed (swift-corelibs-foundation#4795). Any process that inherited a copy and
    /// outlives the child — a PostgreSQL server that another test's `pg_ctl` started meanwhile, a
    /// background process of the child's own — keeps `isRunning` true and `waitUntilExit` blocked
    /// for ever: a CI run once hung so. The kernel's view is read as well: a child that ended and
    /// was not reaped yet is a zombie whose exit status `/proc/PID/stat` gives.
    public static func waitForExit(_ process: Process, timeout: Double) -> Exit? {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if let exit = endedChild(process.processIdentifier) { return exit }
            if Date() > end { return nil }
            usleep(5_000)
        }
        process.waitUntilExit()
        return Exit(status: process.terminationStatus, bySignal: process.terminationReason == .uncaughtSignal)
    }

    /// How the child `pid` ended when it is a zombie (ended, not yet reaped); nil otherwise.
    static func endedChild(_ pid: Int32) -> Exit? {
        guard let stat = procFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        // After the command's name: field 3 (state) first, … field 52 (exit_code, as waitpid gives it).
        let fields = stat[stat.index(after: close)...].split(whereSeparator: \.isWhitespace)
        guard fields.count > 49, fields[0] == "Z", let code = Int32(fields[49]) else { return nil }
        return Exit(waitStatus: code)
    }

    /// A file of /proc read to its end (they tell their size as 0, so Foundation's readers give nothing).
    private static func procFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The file's bytes as text, exactly: a byte-order mark at its start is kept (the spreadsheet
    /// export writes one), where `String(contentsOfFile:)` would drop it.
    public static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
