import Foundation

/// A small seeded generator (Steele, Lea and Flood's SplitMix64) so that every random
/// history can be replayed from its seed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

    /// `next() % n`: cheaper than `int(_:)`, and the draw the end-to-end property tests replay by.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// How many random histories a property test runs, and from which seeds.
///
/// `GISEMENT_PROPERTY_RUNS=N` runs N histories instead of the default; `GISEMENT_PROPERTY_SEED=S`
/// replays the one history of seed S (the seed a failure prints).
public enum PropertyRuns {
    public static func seeds(default count: Int, salt: UInt64) -> [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["GISEMENT_PROPERTY_SEED"], let seed = UInt64(text) { return [seed] }
        let runs = environment["GISEMENT_PROPERTY_RUNS"].flatMap { Int($0) }.map { max(1, $0) } ?? count
        return (0..<UInt64(runs)).map { salt &* 1_000_003 &+ $0 }
    }
}
