#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The physical clock a replica stamps its writes with, in milliseconds since 1970.
///
/// Passed to ``ReplicaStore`` as a value so that tests can fix time.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Int64

    public init(_ read: @escaping @Sendable () -> Int64) {
        self.read = read
    }

    /// The system's real-time clock.
    public static let system = WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// A clock stopped at `milliseconds`.
    public static func fixed(_ milliseconds: Int64) -> WallClock { WallClock { milliseconds } }

    /// Milliseconds since 1970.
    public func now() -> Int64 { read() }
}
