import GisementShared
import Testing

/// The worked examples of docs/merge.md, replayed on in-memory replicas.
struct InMemoryReplicaTests {
    typealias Key = InMemoryReplica.FieldKey

    @Test func write_stampsHLCCounterAndClock() {
        var a = InMemoryReplica(id: "r-a")
        let first = a.write(kind: .collection, id: "c-1", field: "weight_kg", value: .decimal(12.5), now: 1_000)
        let second = a.write(kind: .collection, id: "c-1", field: "outcome", value: .text("reused"), now: 1_000)
        let other = a.write(kind: .district, id: "d-1", field: "name", value: .text("Nord"), now: 999)
        #expect(first.hlc == HLCTimestamp(wall: 1_000, logical: 0) && first.counter == 1)
        #expect(second.hlc == HLCTimestamp(wall: 1_000, logical: 1) && second.counter == 2)
        #expect(other.hlc == HLCTimestamp(wall: 1_000, logical: 2) && other.counter == 3)
        #expect(first.clock == VectorClock(["r-a": 1]))
        #expect(second.clock == VectorClock(["r-a": 2]))
        #expect(other.clock == VectorClock(["r-a": 3]), "each record has its own clock")
        #expect(a.written == [first, second, other])
        #expect(throws: Never.self) { try first.validated() }
    }

    @Test func ordinaryEdit_replacesWithoutConflict() {
        var a = InMemoryReplica(id: "r-a")
        var b = InMemoryReplica(id: "r-b")
        let logged = a.write(kind: .collection, id: "c-1", field: "outcome", value: .text("pending"), now: 1_000)
        _ = b.receive([logged])
        let triaged = b.write(kind: .collection, id: "c-1", field: "outcome", value: .text("repaired"), now: 900)
        #expect(triaged.hlc > logged.hlc, "b's clock is behind, yet its edit is stamped after what it saw")
        #expect(triaged.clock == VectorClock(["r-a": 1, "r-b": 1]))
        let outcomes = a.receive([triaged])
        #expect(outcomes.map(\.decision) == [MergeDecision(action: .replace, relation: .superseded)])
        #expect(a.state == b.state && a.log.isEmpty && b.log.isEmpty)
        #expect(a.records.first?.text("outcome") == "repaired")
    }

    @Test func concurrentEdits_ofDifferentValues_areOneConflict_onBothSides() {
        var a = InMemoryReplica(id: "r-a")
        var b = InMemoryReplica(id: "r-b")
        let base = a.write(kind: .collection, id: "c-1", field: "weight_kg", value: .decimal(12), now: 1_000)
        _ = b.receive([base])
        let left = a.write(kind: .collection, id: "c-1", field: "weight_kg", value: .decimal(12.5), now: 2_000)
        let right = b.write(kind: .collection, id: "c-1", field: "weight_kg", value: .decimal(13), now: 2_000)
        #expect(left.hlc == right.hlc, "same millisecond: the replica id decides")
        _ = a.receive([right])
        _ = b.receive([left])
        #expect(a.state == b.state)
        #expect(a.state.values[Key(kind: .collection, id: "c-1", field: "weight_kg")] == .decimal(13))
        #expect(a.conflicts.count == 1 && b.conflicts.count == 1)
        #expect(a.conflicts.first?.winner.dot == right.dot && a.conflicts.first?.loser.dot == left.dot)
        #expect(b.conflicts.first == a.conflicts.first)
    }

    @Test func deleteAgainstEdit_keepsBoth_perField_andSetRestores() {
        var a = InMemoryReplica(id: "r-a")
        var b = InMemoryReplica(id: "r-b")
        let created = a.write(kind: .partner, id: "p-1", field: "name", value: .text("Repair Café"), now: 1_000)
        _ = b.receive([created])
        let removed = a.write(kind: .partner, id: "p-1", field: "deleted", value: .bool(true), now: 2_000)
        let edited = b.write(kind: .partner, id: "p-1", field: "contact", value: .text("06 12"), now: 2_500)
        _ = a.receive([edited])
        _ = b.receive([removed])
        #expect(a.state == b.state && a.log.isEmpty, "different fields never conflict")
        let record = a.records.first!
        #expect(record.isDeleted && record.text("contact") == "06 12")
        let restored = b.write(kind: .partner, id: "p-1", field: "deleted", value: .bool(false), now: 3_000)
        _ = a.receive([restored])
        #expect(!a.records.first!.isDeleted && a.records.first!.text("contact") == "06 12")
        #expect(a.state == b.state)
    }

    @Test func anomaly_isLogged_andTheHLCOrderStillDecides() {
        // r-b's clock was reset (a restored machine): it writes after seeing r-a's change but stamps it earlier.
        var a = InMemoryReplica(id: "r-a")
        let cause = a.write(kind: .district, id: "d-1", field: "name", value: .text("Nord"), now: 5_000)
        var clock = VectorClock(["r-a": 1])
        clock.include(Dot(replica: "r-b", counter: 1))
        let successor = Change(
            kind: .district, id: "d-1", field: "name", value: .text("Nord-Est"), hlc: HLCTimestamp(wall: 4_000, logical: 0),
            replica: "r-b", counter: 1, clock: clock)
        let outcome = a.receive([successor])
        #expect(outcome.first?.decision == MergeDecision(action: .keep, relation: .anomaly))
        #expect(a.log.count == 1 && a.log.first!.isAnomaly && a.conflicts.isEmpty)
        #expect(a.state.values[Key(kind: .district, id: "d-1", field: "name")] == .text("Nord"))
        #expect(cause.hlc > successor.hlc)
    }

    @Test func receive_dedupsByDot_soALoserIsLoggedOnce() {
        var a = InMemoryReplica(id: "r-a")
        var b = InMemoryReplica(id: "r-b")
        let mine = a.write(kind: .district, id: "d-1", field: "name", value: .text("A"), now: 2_000)
        let theirs = b.write(kind: .district, id: "d-1", field: "name", value: .text("B"), now: 1_000)
        let first = a.receive([theirs])
        let again = a.receive([theirs, mine, theirs])
        #expect(first.first?.decision == MergeDecision(action: .keep, relation: .concurrent(sameValue: false)))
        #expect(again.allSatisfy { $0.isDuplicate })
        #expect(a.conflicts.count == 1 && a.received == [theirs])
        #expect(a.hlc.last >= mine.hlc)
    }

    @Test func recordClock_mergesWinnersAndLosers() {
        var a = InMemoryReplica(id: "r-a")
        var b = InMemoryReplica(id: "r-b")
        var c = InMemoryReplica(id: "r-c")
        let winner = a.write(kind: .district, id: "d-1", field: "name", value: .text("A"), now: 2_000)
        let loser = b.write(kind: .district, id: "d-1", field: "name", value: .text("B"), now: 1_000)
        _ = c.receive([winner, loser])
        #expect(c.recordClock(kind: .district, id: "d-1") == VectorClock(["r-a": 1, "r-b": 1]))
        let next = c.write(kind: .district, id: "d-1", field: "name", value: .text("C"), now: 3_000)
        #expect(next.clock == VectorClock(["r-a": 1, "r-b": 1, "r-c": 1]))
        // Having seen both, c's edit supersedes both: no conflict anywhere.
        _ = a.receive([loser, next])
        _ = b.receive([winner, next])
        #expect(a.state == b.state && b.state == c.state)
        #expect(c.conflicts.count == 1, "c saw the original conflict")
        #expect(a.conflicts.count == 1 && b.conflicts.count == 1)
    }
}
