import Foundation
import GisementShared

/// The server's wall clock, injectable so that tests can put it where they need it.
///
/// Used for `server_time`, for the `clock_ahead` check of pushes and for the `at` of log rows.
///
/// ```swift
/// let fixed = ServerClock(milliseconds: { 1_763_720_130_123 })
/// fixed.iso8601()   // "2025-11-21T10:15:30.123Z"
/// ```
public struct ServerClock: Sendable {
    private let source: @Sendable () -> Int64

    /// A clock that reads `milliseconds()` each time it is asked.
    public init(milliseconds: @escaping @Sendable () -> Int64) { self.source = milliseconds }

    /// The system clock.
    public static let system = ServerClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    public func nowMilliseconds() -> Int64 { source() }

    /// Now as ISO 8601 UTC with milliseconds: `2026-11-21T10:15:30.123Z`.
    public func iso8601() -> String { ServerClock.iso8601(milliseconds: nowMilliseconds()) }

    /// Formats an instant as `2026-11-21T10:15:30.123Z` (or without the fraction).
    public static func iso8601(milliseconds: Int64, fraction: Bool = true) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let base = ZonedDateTime.utcString(epochSeconds: seconds)
        guard fraction else { return base }
        let ms = Int(milliseconds - seconds * 1000)
        let digits = String(ms)
        return base.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}
