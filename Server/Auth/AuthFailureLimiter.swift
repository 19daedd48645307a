import GisementHTTP
import Synchronization

/// Slows down an address that keeps presenting bad tokens: after a burst of 401s, it gets
/// `429 too_many_requests` with `Retry-After` until its budget refills.
///
/// A middleware in front of the router. It counts **failed authentications only**, in one token
/// bucket per remote address (``Policy/burst`` failures, refilled at ``Policy/refillPerSecond``):
/// - a request whose answer is not a 401 costs nothing, so valid clients are never slowed down,
///   not even those behind the same address (one office NAT) as a misconfigured device;
/// - a 401 takes one unit from its address's bucket; when the bucket is empty the 401 is answered
///   as 429 with `Retry-After` (RFC 6585 §4), in seconds until one unit is back.
///
/// The token is still looked up while an address is limited, so a valid token is never refused.
/// That is deliberate: a token holds 256 random bits, so guessing one is hopeless at any rate; the
/// limiter is there to make a broken or hostile client back off and to keep the 401 noise in the
/// logs bounded. The 429 body is the same whatever made the token bad (missing, malformed, unknown,
/// revoked), like the 401 it replaces.
///
/// ```swift
/// let limiter = AuthFailureLimiter(policy: .init(burst: 10, refillPerSecond: 1))
/// let handler = MiddlewareChain([limiter], handler: router)
/// ```
/// Memory is bounded: at most ``Policy/maxAddresses`` buckets are kept; when full, buckets that
/// have refilled are forgotten first, then the least recently used.
public final class AuthFailureLimiter: Middleware {
    /// How many failures an address may make, and how fast it earns them back.
    public struct Policy: Sendable, Hashable {
        /// Failed authentications allowed in a burst before 429.
        public var burst: Int
        /// Units given back per second (one failure every `1 / refillPerSecond` seconds in the long run).
        public var refillPerSecond: Double
        /// The most addresses tracked at once.
        public var maxAddresses: Int

        /// The defaults: a burst of 10 failures, then one every 2 seconds; 10,000 addresses.
        public init(burst: Int = 10, refillPerSecond: Double = 0.5, maxAddresses: Int = 10_000) {
            precondition(burst > 0 && refillPerSecond > 0 && maxAddresses > 0, "AuthFailureLimiter.Policy needs positive values")
            self.burst = burst
            self.refillPerSecond = refillPerSecond
            self.maxAddresses = maxAddresses
        }
    }

    private struct Bucket {
        var units: Double
        var updatedAt: UInt64
    }

    /// The one 429 body, whatever made the token bad.
    static let limitedError = APIError(
        status: .tooManyRequests, code: "too_many_requests",
        message: "too many requests with a bad token from this address; wait for the time in Retry-After, "
            + "then send a valid token from 'gisement-server token add'")

    /// The policy in force.
    public let policy: Policy
    private let buckets = Mutex([String: Bucket]())
    private let now: @Sendable () -> UInt64

    /// Makes a limiter on the monotonic clock.
    /// - Parameter policy: the burst and refill rate.
    public convenience init(policy: Policy = Policy()) {
        self.init(policy: policy, now: { MonotonicClock.now() })
    }

    /// Makes a limiter on a given clock (monotonic nanoseconds), for tests.
    init(policy: Policy, now: @escaping @Sendable () -> UInt64) {
        self.policy = policy
        self.now = now
    }

    public func handle(_ request: HTTPRequest, next: any HTTPHandler) async throws -> HTTPResponse {
        let response = try await next.handle(request)
        guard response.status == .unauthorized else { return response }
        guard let wait = recordFailure(from: request.remoteAddress) else { return response }
        var limited = Self.limitedError.response
        limited.headers[.retryAfter] = String(wait)
        limited.logFields = response.logFields
        limited.logFields["auth"] = "limited"
        return limited
    }

    /// The number of addresses tracked (for tests).
    public var trackedAddressCount: Int { buckets.withLock { $0.count } }

    /// Takes one unit from the address's bucket; returns the seconds to wait when there was none left.
    func recordFailure(from address: String) -> Int? {
        let time = now()
        return buckets.withLock { buckets -> Int? in
            var bucket = buckets[address] ?? Bucket(units: Double(policy.burst), updatedAt: time)
            let elapsed = Double(time &- bucket.updatedAt) / 1_000_000_000
            bucket.units = min(Double(policy.burst), bucket.units + elapsed * policy.refillPerSecond)
            bucket.updatedAt = time
            let wait: Int?
            if bucket.units >= 1 {
                bucket.units -= 1
                wait = nil
            } else {
                wait = max(1, Int(((1 - bucket.units) / policy.refillPerSecond).rounded(.up)))
            }
            if buckets[address] == nil, buckets.count >= policy.maxAddresses { evict(&buckets, at: time) }
            buckets[address] = bucket
            return wait
        }
    }

    /// Forgets buckets that are full again; if none is, the least recently used one.
    private func evict(_ buckets: inout [String: Bucket], at time: UInt64) {
        let refilled = buckets.filter { _, bucket in
            bucket.units + Double(time &- bucket.updatedAt) / 1_000_000_000 * policy.refillPerSecond >= Double(policy.burst)
        }
        if !refilled.isEmpty {
            for key in refilled.keys { buckets[key] = nil }
        } else if let oldest = buckets.min(by: { $0.value.updatedAt < $1.value.updatedAt }) {
            buckets[oldest.key] = nil
        }
    }
}
