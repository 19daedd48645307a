import GisementShared
import TestSupport
import Testing

/// The algebra of the merge: joining two replica states field by field with ``Merger`` is
/// commutative, associative and idempotent, so the order and grouping of deliveries never matter.
struct MergePropertyTests {
    typealias State = [String: FieldVersion]

    /// Merges every version of `other` into `state` with Merger, as a replica does.
    static func join(_ state: State, _ other: State) -> State {
        var result = state
        for key in other.keys.sorted() {
            let incoming = other[key]!
            if Merger.decide(stored: result[key], incoming: incoming).replacesStored { result[key] = incoming }
        }
        return result
    }

    /// A random state over a few fields; dots are unique across calls thanks to `counter`.
    static func randomState(_ random: inout SplitMix64, counter: inout UInt64) -> State {
        var state: State = [:]
        for field in ["a", "b", "c", "d"] where random.chance(0.7) {
            counter += 1
            let replica = random.pick(["r-1", "r-2", "r-10", "r-9"])
            var clock = VectorClock()
            for other in ["r-1", "r-2", "r-10", "r-9"] where random.chance(0.4) {
                clock[other] = UInt64(random.int(1...Int(counter)))
            }
            clock.include(Dot(replica: replica, counter: counter))
            state[field] = FieldVersion(
                value: .text(random.pick(["x", "y"])),
                hlc: HLCTimestamp(wall: Int64(random.int(0...3)), logical: UInt32(random.int(0...2))),
                dot: Dot(replica: replica, counter: counter), clock: clock)
        }
        return state
    }

    @Test func join_isCommutativeAssociativeAndIdempotent() {
        for seed in PropertyRuns.seeds(default: 2_000, salt: 51) {
            var random = SplitMix64(seed: seed)
            var counter: UInt64 = 0
            let a = Self.randomState(&random, counter: &counter)
            let b = Self.randomState(&random, counter: &counter)
            let c = Self.randomState(&random, counter: &counter)
            let replay = "replay with GISEMENT_PROPERTY_SEED=\(seed)"
            #expect(Self.join(a, b) == Self.join(b, a), "\(replay): commutativity")
            #expect(Self.join(Self.join(a, b), c) == Self.join(a, Self.join(b, c)), "\(replay): associativity")
            #expect(Self.join(a, a) == a, "\(replay): idempotence")
            let ab = Self.join(a, b)
            #expect(Self.join(ab, b) == ab && Self.join(ab, a) == ab, "\(replay): absorption")
        }
    }

    @Test func decide_isSymmetric_inWhoWinsAndWhy() {
        for seed in PropertyRuns.seeds(default: 2_000, salt: 52) {
            var random = SplitMix64(seed: seed)
            var counter: UInt64 = 0
            guard let x = Self.randomState(&random, counter: &counter).values.first,
                let y = Self.randomState(&random, counter: &counter).values.first
            else { continue }
            let forward = Merger.decide(stored: x, incoming: y)
            let backward = Merger.decide(stored: y, incoming: x)
            // Exactly one of the two versions wins, whichever arrives first, for the same reason.
            #expect(
                (forward.action == .replace && backward.action == .keep)
                    || (forward.action == .keep && backward.action == .replace), "seed \(seed)")
            #expect(forward.relation == backward.relation, "seed \(seed)")
            #expect(x.wins(over: y) != y.wins(over: x), "seed \(seed)")
            #expect(Merger.decide(stored: x, incoming: x).action == .duplicate)
        }
    }
}
