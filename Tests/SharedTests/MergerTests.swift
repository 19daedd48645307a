import GisementShared
import Testing

struct MergerTests {
    /// A version written by `replica` as its `counter`-th write, at `wall:logical`, having seen `clock`
    /// (its own dot is added).
    static func make(
        _ value: FieldValue, _ wall: Int64, _ logical: UInt32 = 0, by replica: String, _ counter: UInt64,
        seen clock: [String: UInt64] = [:]
    ) -> FieldVersion {
        var vector = VectorClock(clock)
        vector.include(Dot(replica: replica, counter: counter))
        return FieldVersion(
            value: value, hlc: HLCTimestamp(wall: wall, logical: logical), dot: Dot(replica: replica, counter: counter),
            clock: vector)
    }

    @Test func decide_inserts_whenNothingStored() {
        let v = Self.make(.text("a"), 100, by: "r1", 1)
        #expect(Merger.decide(stored: nil, incoming: v) == MergeDecision(action: .insert))
    }

    @Test func decide_reportsDuplicate_forTheSameDot() {
        let v = Self.make(.text("a"), 100, by: "r1", 1)
        let decision = Merger.decide(stored: v, incoming: v)
        #expect(decision.action == .duplicate)
        #expect(decision.relation == nil && !decision.isLogged)
    }

    @Test func decide_replaces_anOrdinaryEdit_asSuperseded() {
        let old = Self.make(.text("a"), 100, by: "r1", 1)
        let edit = Self.make(.text("b"), 200, by: "r2", 1, seen: ["r1": 1])
        let decision = Merger.decide(stored: old, incoming: edit)
        #expect(decision == MergeDecision(action: .replace, relation: .superseded))
        #expect(!decision.isConflict && !decision.isAnomaly && decision.replacesStored)
    }

    @Test func decide_keeps_theStoredEdit_whenTheOldVersionArrivesLate() {
        let old = Self.make(.text("a"), 100, by: "r1", 1)
        let edit = Self.make(.text("b"), 200, by: "r2", 1, seen: ["r1": 1])
        let decision = Merger.decide(stored: edit, incoming: old)
        #expect(decision == MergeDecision(action: .keep, relation: .superseded))
        #expect(!decision.replacesStored && !decision.isLogged)
    }

    @Test func decide_logsConflict_forConcurrentDifferentValues() {
        let left = Self.make(.text("a"), 100, by: "r1", 1)
        let right = Self.make(.text("b"), 200, by: "r2", 1)
        let replace = Merger.decide(stored: left, incoming: right)
        #expect(replace == MergeDecision(action: .replace, relation: .concurrent(sameValue: false)))
        #expect(replace.isConflict && replace.isLogged)
        let keep = Merger.decide(stored: right, incoming: left)
        #expect(keep == MergeDecision(action: .keep, relation: .concurrent(sameValue: false)))
        #expect(keep.isConflict)
    }

    @Test func decide_doesNotLog_concurrentSameValue() {
        let left = Self.make(.integer(3), 100, by: "r1", 4, seen: ["r3": 2])
        let right = Self.make(.integer(3), 100, 1, by: "r2", 9, seen: ["r3": 1])
        let decision = Merger.decide(stored: left, incoming: right)
        #expect(decision == MergeDecision(action: .replace, relation: .concurrent(sameValue: true)))
        #expect(!decision.isConflict && !decision.isLogged)
    }

    @Test func decide_logsAnomaly_whenACausalSuccessorHasTheSmallerHLC() {
        // r2 saw r1's write, yet its clock was behind: its write carries the smaller HLC.
        let cause = Self.make(.text("a"), 500, by: "r1", 1)
        let successor = Self.make(.text("b"), 400, by: "r2", 1, seen: ["r1": 1])
        let decision = Merger.decide(stored: cause, incoming: successor)
        #expect(decision == MergeDecision(action: .keep, relation: .anomaly))
        #expect(decision.isAnomaly && decision.isLogged && !decision.isConflict)
        // The HLC order still decides, whatever the arrival order.
        #expect(Merger.decide(stored: successor, incoming: cause) == MergeDecision(action: .replace, relation: .anomaly))
    }

    @Test func decide_breaksHLCTie_byReplicaID() {
        let low = Self.make(.text("low"), 100, 3, by: "r-a", 1)
        let high = Self.make(.text("high"), 100, 3, by: "r-b", 1)
        #expect(high.wins(over: low) && !low.wins(over: high))
        #expect(Merger.decide(stored: low, incoming: high).action == .replace)
        #expect(Merger.decide(stored: high, incoming: low).action == .keep)
        // Replica ids compare as strings: "r-10" < "r-9".
        let ten = Self.make(.text("x"), 100, by: "r-10", 1)
        let nine = Self.make(.text("y"), 100, by: "r-9", 1)
        #expect(nine.wins(over: ten))
    }

    @Test func decide_prefersHLC_overReplicaID() {
        let earlierHighID = Self.make(.text("a"), 100, 5, by: "zzz", 1)
        let laterLowID = Self.make(.text("b"), 100, 6, by: "aaa", 1)
        #expect(laterLowID.wins(over: earlierHighID))
        let earlierWall = Self.make(.text("c"), 99, 99, by: "zzz", 2)
        #expect(laterLowID.wins(over: earlierWall))
    }

    @Test func relation_treatsAMissingClockEntry_asUnseen() {
        // The winner's clock lacks the loser's replica entirely: concurrent, not superseded.
        let loser = Self.make(.bool(true), 100, by: "r1", 7)
        let winner = Self.make(.bool(false), 300, by: "r2", 2, seen: ["r1": 6])
        #expect(Merger.relation(loser: loser, winner: winner) == .concurrent(sameValue: false))
        let seeing = Self.make(.bool(false), 300, by: "r2", 3, seen: ["r1": 7])
        #expect(Merger.relation(loser: loser, winner: seeing) == .superseded)
    }
}
