import GisementShared
import TestSupport
import Testing

struct RecordMergerTests {
    private let record = RecordKey(kind: .collection, id: "c-1")

    private func change(
        _ field: String, _ value: FieldValue, wall: Int64, by replica: String, _ counter: UInt64,
        seen: [String: UInt64] = [:]
    ) -> Change {
        var clock = VectorClock(seen)
        clock.include(Dot(replica: replica, counter: counter))
        return Change(
            kind: .collection, id: "c-1", field: field, value: value, hlc: HLCTimestamp(wall: wall, logical: 0),
            replica: replica, counter: counter, clock: clock)
    }

    /// The planner must decide exactly as the merge applied one change at a time.
    @Test func plan_equalsMergingOneByOne_onRandomRuns() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<500 {
            var changes: [Change] = []
            for _ in 0..<Int(random.next() % 8 + 1) {
                let field = ["notes", "items", "deleted"][Int(random.next() % 3)]
                let value: FieldValue = field == "deleted" ? .bool(random.next() % 2 == 0) : .integer(Int64(random.next() % 3))
                let replica = "r-\(random.next() % 3)"
                changes.append(
                    change(field, value, wall: Int64(random.next() % 5), by: replica, random.next() % 4 + 1,
                           seen: ["r-0": random.next() % 3]))
            }
            let split = Int(random.next() % UInt64(changes.count))
            var stored: [String: FieldVersion] = [:]
            for c in changes[..<split] where Merger.decide(stored: stored[c.field], incoming: c.version).replacesStored {
                stored[c.field] = c.version
            }
            let plan = RecordMerger.plan(record: record, stored: StoredRecord(versions: stored), incoming: changes[split...])
            var expected = stored
            for c in changes[split...] where Merger.decide(stored: expected[c.field], incoming: c.version).replacesStored {
                expected[c.field] = c.version
            }
            var result = stored
            for (field, version) in plan.writes { result[field] = version }
            #expect(result == expected)
            #expect(
                VersionDigest.digest(record, stored) &+ plan.digestDelta == VersionDigest.digest(record, expected))
        }
    }

    @Test func editConcurrentWithRemoval_isLogged_inBothOrders() {
        let edit = change("notes", .text("shade to replace"), wall: 10, by: "r-cleo", 5, seen: ["r-awa": 1])
        let removal = change("deleted", .bool(true), wall: 11, by: "r-ben", 3, seen: ["r-awa": 1])
        let created = StoredRecord(versions: ["item": change("item", .text("lamp"), wall: 1, by: "r-awa", 1).version])
        for order in [[edit, removal], [removal, edit]] {
            let plan = RecordMerger.plan(record: record, stored: created, incoming: order)
            let logged = plan.log.filter(\.isEditVsDelete)
            #expect(logged.count == 1, "\(order.map(\.field))")
            #expect(logged.first?.field == "notes")
            #expect(logged.first?.winner.dot == removal.dot && logged.first?.loser.dot == edit.dot)
        }
    }

    @Test func editThatSawTheRemoval_isNoConflict() {
        let removal = change("deleted", .bool(true), wall: 11, by: "r-ben", 3)
        let restore = change("notes", .text("x"), wall: 12, by: "r-cleo", 1, seen: ["r-ben": 3])
        let plan = RecordMerger.plan(record: record, stored: StoredRecord(), incoming: [removal, restore])
        #expect(plan.log.isEmpty)
    }

    @Test func sameDot_withDifferentContent_isNotADuplicate() {
        let one = change("notes", .text("a"), wall: 10, by: "r-1", 7)
        let copy = change("notes", .text("b"), wall: 10, by: "r-1", 7)
        let plan = RecordMerger.plan(record: record, stored: StoredRecord(versions: ["notes": one.version]), incoming: [copy])
        #expect(plan.duplicates == 0)
        let again = RecordMerger.plan(record: record, stored: StoredRecord(versions: ["notes": one.version]), incoming: [one])
        #expect(again.duplicates == 1 && !again.isTouched)
    }

    @Test func text_isComparedByItsBytes() {
        #expect(FieldValue.text("é") != FieldValue.text("e\u{301}"))
        #expect(FieldValue.text("é") == FieldValue.text("é"))
        let nfc = change("notes", .text("é"), wall: 10, by: "r-1", 1)
        let nfd = change("notes", .text("e\u{301}"), wall: 11, by: "r-1", 2, seen: ["r-1": 1])
        let plan = RecordMerger.plan(record: record, stored: StoredRecord(versions: ["notes": nfc.version]), incoming: [nfd])
        #expect(plan.writes.first?.version.value == .text("e\u{301}"))
    }
}
