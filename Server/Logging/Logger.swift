import Foundation
import Synchronization

/// A small structured logger passed to whoever logs, never global.
///
/// Modelled on swift-log: seven levels, dotted metadata keys, and a line format close to
/// `StreamLogHandler` (`2026-11-21T10:15:30Z info gisement.server : db.path=/x message`).
/// Library code receives a logger; only the executable or a test makes one.
///
/// ```swift
/// let logger = Logger(label: "gisement.server", level: .info, sink: .standardError)
/// logger.error("push failed", metadata: ["token.name": "tablet-3"])
/// ```
public struct Logger: Sendable {
    /// Where log lines go.
    public enum Sink: Sendable {
        /// One line per entry on standard error.
        case standardError
        /// Nothing at all.
        case none
        /// Kept in memory, for tests.
        case memory(LogRecorder)
    }

    public var label: String
    /// Entries below this level are dropped.
    public var level: LogLevel
    public var sink: Sink
    /// Metadata added to every entry.
    public var metadata: [String: String]

    public init(label: String, level: LogLevel = .info, sink: Sink = .standardError, metadata: [String: String] = [:]) {
        self.label = label
        self.level = level
        self.sink = sink
        self.metadata = metadata
    }

    /// A logger that drops everything.
    public static let disabled = Logger(label: "disabled", level: .critical, sink: .none)

    /// Whether an entry at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool {
        if case .none = sink { return false }
        return level >= self.level
    }

    /// Writes one entry when `level` reaches the threshold.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, metadata extra: [String: String] = [:]) {
        guard isEnabled(level) else { return }
        // One entry, one line: nothing a request carries may break it or reach a terminal raw.
        let entry = LogEntry(
            level: level, label: label, message: LogText.escaped(message()),
            metadata: metadata.merging(extra) { $1 }.mapValues(LogText.escaped))
        switch sink {
        case .none: return
        case .memory(let recorder): recorder.append(entry)
        case .standardError: StandardError.write(entry.line(timestamp: Date()) + "\n")
        }
    }

    public func trace(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.trace, m(), metadata: metadata) }
    public func debug(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.debug, m(), metadata: metadata) }
    public func info(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.info, m(), metadata: metadata) }
    public func notice(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.notice, m(), metadata: metadata) }
    public func warning(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.warning, m(), metadata: metadata) }
    public func error(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.error, m(), metadata: metadata) }
    public func critical(_ m: @autoclosure () -> String, metadata: [String: String] = [:]) { log(.critical, m(), metadata: metadata) }
}

/// One log entry, as kept by ``LogRecorder`` and formatted for standard error.
public struct LogEntry: Sendable, Hashable {
    public var level: LogLevel
    public var label: String
    public var message: String
    public var metadata: [String: String]

    /// `2026-11-21T10:15:30Z info gisement.server : a=1 b=2 message`.
    public func line(timestamp: Date) -> String {
        let time = ServerClock.iso8601(milliseconds: Int64(timestamp.timeIntervalSince1970 * 1000), fraction: false)
        let meta = metadata.keys.sorted().map { "\($0)=\(metadata[$0]!)" }.joined(separator: " ")
        return "\(time) \(level) \(label) :" + (meta.isEmpty ? "" : " " + meta) + " " + message
    }
}

/// Keeps log entries in memory so that tests can assert what was logged.
public final class LogRecorder: Sendable {
    private let entries = Mutex<[LogEntry]>([])

    public init() {}

    func append(_ entry: LogEntry) { entries.withLock { $0.append(entry) } }

    /// Everything logged so far, oldest first.
    public var all: [LogEntry] { entries.withLock { $0 } }
}
