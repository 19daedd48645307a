import GisementShared
import Testing

struct VectorClockTests {
    private func clock(_ entries: [String: UInt64]) -> VectorClock { VectorClock(entries) }

    @Test(arguments: [
        ([:], [:], ClockOrder.equal),
        (["a": 1], ["a": 1], .equal),
        (["a": 1], ["a": 2], .before),
        (["a": 2], ["a": 1], .after),
        (["a": 1], ["a": 1, "b": 1], .before),  // a missing entry counts as 0
        (["a": 1, "b": 1], ["a": 1], .after),
        ([:], ["a": 1], .before),
        (["a": 2], ["b": 1], .concurrent),  // each has an entry the other lacks
        (["a": 2, "b": 1], ["a": 1, "b": 2], .concurrent),
        (["a": 1, "b": 5, "c": 3], ["a": 1, "b": 5, "c": 4], .before),
        (["a": 1, "c": 3], ["b": 1, "c": 3], .concurrent),
        (["a": 1, "b": 0], ["a": 1], .equal),  // zero entries are dropped
    ] as [([String: UInt64], [String: UInt64], ClockOrder)])
    func compare_givesTheOrder_ofEveryPair(left: [String: UInt64], right: [String: UInt64], order: ClockOrder) {
        #expect(clock(left).compare(clock(right)) == order)
        let mirrored: ClockOrder =
            switch order {
            case .before: .after
            case .after: .before
            default: order
            }
        #expect(clock(right).compare(clock(left)) == mirrored)
    }

    @Test func merged_takesEntryWiseMaximum() {
        let a = clock(["a": 3, "b": 1])
        let b = clock(["b": 4, "c": 2])
        let m = a.merged(with: b)
        #expect(m == clock(["a": 3, "b": 4, "c": 2]))
        #expect(m.dominates(a) && m.dominates(b))
        #expect(b.merged(with: a) == m)
        #expect(m.merged(with: m) == m)
        #expect(m.entries.map(\.replica) == ["a", "b", "c"])
    }

    @Test func include_raisesTheEntry_onlyUpwards() {
        var c = clock(["a": 3])
        c.include(Dot(replica: "b", counter: 2))
        c.include(Dot(replica: "a", counter: 1))
        #expect(c == clock(["a": 3, "b": 2]))
        #expect(c.contains(Dot(replica: "a", counter: 3)))
        #expect(c.contains(Dot(replica: "a", counter: 1)))
        #expect(!c.contains(Dot(replica: "a", counter: 4)))
        #expect(!c.contains(Dot(replica: "z", counter: 1)))
    }

    @Test func subscript_readsZeroForMissing_andSetsInOrder() {
        var c = VectorClock()
        #expect(c["x"] == 0)
        c["m"] = 2
        c["b"] = 1
        c["z"] = 3
        #expect(c.entries.map(\.replica) == ["b", "m", "z"])
        c["m"] = 0
        #expect(c.entries.map(\.replica) == ["b", "z"])
        #expect(c.dictionary == ["b": 1, "z": 3])
    }

    @Test func sortedEntries_sortsAndKeepsMaximum_whenUnsorted() {
        let c = VectorClock(sortedEntries: [("b", 1), ("a", 2), ("b", 3)])
        #expect(c == clock(["a": 2, "b": 3]))
        let sorted = VectorClock(sortedEntries: [("a", 1), ("b", 0), ("c", 2)])
        #expect(sorted == clock(["a": 1, "c": 2]))
    }

    @Test func hashing_isConsistentWithEquality() {
        let a = clock(["a": 1, "b": 2])
        let b = VectorClock(sortedEntries: [("b", 2), ("a", 1)])
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }
}
