/// The overall time limit of one sync, so that it can never hang forever.
///
/// Each request also has its own timeout (``SyncServerClient/requestTimeout``); a request never
/// waits longer than what is left of the deadline, and no request starts after it.
public struct SyncDeadline: Sendable {
    private let end: ContinuousClock.Instant?
    /// The limit as given, in seconds; nil for none.
    public let seconds: Double?

    /// A deadline `seconds` from now; nil for no overall limit.
    public init(seconds: Double?) {
        self.seconds = seconds
        self.end = seconds.map { ContinuousClock.now.advanced(by: .milliseconds(Int64($0 * 1000))) }
    }

    /// Seconds left (never below 0); nil when there is no limit.
    public var remaining: Double? {
        guard let end else { return nil }
        let left = ContinuousClock.now.duration(to: end)
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
        return max(0, seconds)
    }

    /// Whether the time is up.
    public var hasExpired: Bool { remaining.map { $0 <= 0 } ?? false }

    /// The timeout to give a request: `requestTimeout`, cut to what is left.
    public func timeout(forRequest requestTimeout: Double) -> Double {
        guard let remaining else { return requestTimeout }
        return max(0.001, min(requestTimeout, remaining))
    }
}
