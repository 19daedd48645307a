import Synchronization

/// The bytes of request bodies the server holds at once, across every connection: bodies being
/// received and bodies being inflated. A request that would pass it is answered 503 with
/// `Retry-After`, so memory stays bounded however many clients push at the same moment.
///
/// A body's declared length is reserved when its head is admitted (before any body byte is read)
/// and given back once its response is ready or its connection closes; a gzip body reserves what
/// it inflates to as it inflates.
///
/// ```swift
/// let budget = BodyMemoryBudget(capacity: 128 << 20)
/// guard budget.reserve(length) else { /* 503 */ }
/// defer { budget.release(length) }
/// ```
public final class BodyMemoryBudget: Sendable {
    /// The most bytes reserved at once.
    public let capacity: Int
    private let used = Atomic<Int>(0)

    /// Makes a budget of `capacity` bytes.
    public init(capacity: Int) {
        precondition(capacity > 0, "a body memory budget must be positive")
        self.capacity = capacity
    }

    /// Bytes reserved right now (for tests and metrics).
    public var reservedBytes: Int { used.load(ordering: .relaxed) }

    /// Takes `bytes` if they fit; false (and nothing taken) if they do not.
    public func reserve(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        var current = used.load(ordering: .relaxed)
        while true {
            guard current + bytes <= capacity else { return false }
            let (exchanged, original) = used.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Gives back bytes taken by ``reserve(_:)``.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        used.subtract(bytes, ordering: .relaxed)
    }

    /// The 503 for a request that does not fit now.
    static func overBudgetResponse() -> HTTPResponse {
        var response = HTTPResponse.jsonError(
            status: .serviceUnavailable, code: "service_unavailable",
            message: "The server is receiving too much data at once; retry shortly.")
        response.headers[.retryAfter] = "1"
        response.headers[.connection] = "close"
        return response
    }
}
