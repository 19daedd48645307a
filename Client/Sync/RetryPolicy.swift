#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How often and how patiently a request is tried again after a transient failure
/// (no answer, a 5xx, a 429): bounded exponential backoff with jitter.
///
/// The delay before retry `n` (from 1) is a random value between half and all of
/// `min(maxDelay, baseDelay · 2^(n-1))` ("equal jitter", see the AWS Architecture Blog's
/// "Exponential Backoff and Jitter"), so that many agents who lost the network together do not
/// come back in step. A server's `Retry-After` is honoured up to `maxDelay`.
///
/// ```swift
/// let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.25, maxDelay: 4)
/// policy.delay(beforeRetry: 2, using: &rng)   // between 0.25 and 0.5 seconds
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 means no retry.
    public var maxAttempts: Int
    /// The delay scale, in seconds.
    public var baseDelay: Double
    /// The longest single wait, in seconds.
    public var maxDelay: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.25, maxDelay: Double = 4) {
        precondition(maxAttempts >= 1, "a request is tried at least once")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The default for `gisement sync`: 4 attempts, waits of about 0.25 s, 0.5 s and 1 s.
    public static let standard = RetryPolicy()

    /// No retry at all (for tests of a single exchange).
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry), in seconds.
    public func delay<G: RandomNumberGenerator>(beforeRetry retry: Int, retryAfter: Double? = nil, using rng: inout G)
        -> Double
    {
        let exponent = Double(min(max(retry - 1, 0), 30))
        let ceiling = min(maxDelay, baseDelay * pow(2, exponent))
        var delay = ceiling / 2 + Double.random(in: 0...1, using: &rng) * ceiling / 2
        if let retryAfter, retryAfter > delay { delay = min(retryAfter, maxDelay) }
        return delay
    }
}

/// Waits between attempts; a value so that tests can record the waits instead of sleeping.
public struct RetrySleeper: Sendable {
    private let body: @Sendable (Double) -> Void

    public init(_ body: @escaping @Sendable (Double) -> Void) { self.body = body }

    /// Really sleeps.
    public static let system = RetrySleeper { seconds in
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }

    public func sleep(_ seconds: Double) { body(seconds) }
}
