/// Request durations counted into fixed buckets, the way a Prometheus histogram exposes them.
///
/// Each observation lands in one bucket (the first bound at or above it, or the overflow past the
/// last bound); ``cumulativeCounts()`` turns that into the exposition's `le` counts.
/// ```swift
/// var histogram = DurationHistogram(bounds: [0.01, 0.1, 1])
/// histogram.observe(0.05)
/// histogram.cumulativeCounts()   // [0, 1, 1]; the +Inf bucket is `count`
/// ```
struct DurationHistogram: Sendable {
    /// Upper bounds in seconds, ascending: from 1 ms (a cached read) to 30 s (a very large push on a slow disk).
    static let requestBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    /// The bucket bounds, ascending.
    let bounds: [Double]
    /// Observations per bucket (not cumulative); the last slot holds those above every bound.
    private(set) var buckets: [Int]
    /// The sum of all observations, in seconds.
    private(set) var sum: Double = 0
    /// How many observations.
    private(set) var count = 0

    init(bounds: [Double] = DurationHistogram.requestBounds) {
        self.bounds = bounds
        self.buckets = Array(repeating: 0, count: bounds.count + 1)
    }

    /// Counts one duration, in seconds.
    mutating func observe(_ seconds: Double) {
        var slot = bounds.count
        for (index, bound) in bounds.enumerated() where seconds <= bound {
            slot = index
            break
        }
        buckets[slot] += 1
        sum += seconds
        count += 1
    }

    /// For each bound, how many observations were at or below it.
    func cumulativeCounts() -> [Int] {
        var running = 0
        return bounds.indices.map { index in
            running += buckets[index]
            return running
        }
    }
}
