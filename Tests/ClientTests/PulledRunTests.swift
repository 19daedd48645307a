import GisementShared
import TestSupport
import Testing

@testable import GisementClient

/// `apply(pulled:)` merges each run of consecutive changes to one record together (one record
/// lookup, one clock write, one save of the winners, one row upsert). Whatever the page holds —
/// the same field twice, duplicates, concurrent edits, this replica's own pending edits — the
/// outcome must be the one of applying the changes one at a time.
@Suite struct PulledRunTests {
    /// Changes of three other replicas to three districts, in runs of one record, with causal and
    /// concurrent clocks, backward HLCs and re-deliveries of earlier changes.
    static func page(seed: UInt64) -> [Change] {
        var random = SplitMix64(seed: seed)
        let replicas = ["r-x", "r-y", "r-z"]
        var counters = [0, 0, 0]
        var seen: [String: VectorClock] = [:]  // per record, what each replica's next clock builds on
        var changes: [Change] = []
        let fields: [(String, () -> FieldValue)] = [
            ("name", { .text(["Nord", "Sud", "Est"].randomElement()!) }),
            ("population", { .integer(Int64.random(in: 0...3)) }),
            ("commune", { .text(["A", "B"].randomElement()!) }),
        ]
        while changes.count < 60 {
            if !changes.isEmpty, Int.random(in: 0..<8, using: &random) == 0 {
                changes.append(changes.randomElement(using: &random)!)  // re-delivered
                continue
            }
            let id = "d-\(Int.random(in: 0..<3, using: &random))"
            let r = Int.random(in: 0..<3, using: &random)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                counters[r] += 1
                let dot = Dot(replica: replicas[r], counter: UInt64(counters[r]))
                // Sometimes the writer had seen the record's history, sometimes not (concurrent).
                var clock = Bool.random(using: &random) ? (seen[id] ?? VectorClock()) : VectorClock()
                clock.include(dot)
                seen[id] = (seen[id] ?? VectorClock()).merged(with: clock)
                let (field, value) = fields.randomElement(using: &random)!
                let wall = 1_000 + Int64.random(in: 0...40, using: &random)
                changes.append(
                    Change(
                        kind: .district, id: id, field: field, value: value(), hlc: HLCTimestamp(wall: wall, logical: 0),
                        replica: dot.replica, counter: dot.counter, clock: clock))
            }
        }
        return changes
    }

    /// A replica that already holds its own (pending) edits of two of the districts.
    static func replica() throws -> StoreFixture {
        let fixture = try StoreFixture(now: 1_020)
        try fixture.store.write(kind: .district, id: "d-0", fields: [("name", .text("Mine")), ("population", .integer(9))])
        try fixture.store.write(kind: .district, id: "d-2", fields: [("commune", .text("C"))])
        return fixture
    }

    static func state(_ store: ReplicaStore) throws -> String {
        var text = ""
        for id in ["d-0", "d-1", "d-2"] {
            let fields = try store.record(kind: .district, id: id)?.fields ?? [:]
            text += "\(id) " + fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: " ") + "\n"
            let versions = try store.fieldVersions(kind: .district, id: id)
            for field in versions.keys.sorted() { text += "  \(field) \(versions[field]!)\n" }
            text += "  clock \(try store.recordClock(kind: .district, id: id))\n"
        }
        for conflict in try store.conflicts() {
            text += "conflict \(conflict.id) \(conflict.field) \(conflict.winner) \(conflict.loser) \(conflict.isOwnEditLost) \(conflict.isAnomaly)\n"
        }
        text += "hlc \(try store.syncState.hlc) pending \(try store.pendingChanges().map(\.counter))\n"
        return text
    }

    @Test(arguments: 0..<60)
    func pageAtOnce_equalsChangesOneByOne(seed: UInt64) throws {
        let page = Self.page(seed: seed)
        let together = try Self.replica()
        let oneByOne = try Self.replica()
        let result = try together.store.apply(pulled: page, cursor: 60)
        var sum = ApplyResult()
        for (i, change) in page.enumerated() {
            let step = try oneByOne.store.apply(pulled: [change], cursor: Int64(i + 1))
            sum.applied += step.applied
            sum.kept += step.kept
            sum.duplicates += step.duplicates
            sum.conflicts += step.conflicts
            sum.ownEditsLost += step.ownEditsLost
            sum.anomalies += step.anomalies
        }
        #expect(result == sum, "seed \(seed)")
        let a = try Self.state(together.store).split(separator: "\n")
        let b = try Self.state(oneByOne.store).split(separator: "\n")
        let differing = zip(a, b).filter { $0 != $1 }.prefix(3).map { "\n  together: \($0)\n  one by one: \($1)" }
        #expect(a == b, "seed \(seed):\(differing.joined())")
        #expect(result.duplicates > 0 || !page.isEmpty)
    }

    @Test func sameFieldTwiceInARun_secondIsDecidedAgainstTheFirst() throws {
        let fixture = try StoreFixture(now: 1_000)
        let older = Change(
            kind: .district, id: "d-9", field: "name", value: .text("Old"), hlc: HLCTimestamp(wall: 2_000, logical: 0),
            replica: "r-x", counter: 1, clock: VectorClock(["r-x": 1]))
        let newer = Change(
            kind: .district, id: "d-9", field: "name", value: .text("New"), hlc: HLCTimestamp(wall: 1_500, logical: 0),
            replica: "r-y", counter: 1, clock: VectorClock(["r-y": 1]))
        let result = try fixture.store.apply(pulled: [older, newer, older], cursor: 3)
        // Concurrent: the greater HLC (r-x's) wins; the conflict is logged once, the re-delivery is a duplicate.
        #expect(result.applied == 1)
        #expect(result.kept == 1)
        #expect(result.duplicates == 1)
        #expect(result.conflicts == 1)
        #expect(try fixture.store.record(kind: .district, id: "d-9")?.text("name") == "Old")
        #expect(try fixture.store.recordClock(kind: .district, id: "d-9") == VectorClock(["r-x": 1, "r-y": 1]))
    }
}
