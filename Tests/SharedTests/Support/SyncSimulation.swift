import GisementShared
import TestSupport

/// A random history of 3 to 7 in-memory replicas writing and exchanging changes, checked step by
/// step against an oracle that does not use vector clocks: it keeps the explicit causal history
/// of every write (the set of dots its writer had seen of the record, transitively) and orders
/// versions by comparing `(wall, logical, replica)` tuples itself.
struct SyncSimulation {
    typealias FieldKey = InMemoryReplica.FieldKey
    typealias RecordKey = InMemoryReplica.RecordKey

    /// What the oracle expects a replica to log: the field, the winner's dot, the loser's dot.
    struct Conflict: Hashable { var field: FieldKey; var winner: Dot; var loser: Dot }

    /// Counts that show a run exercised what it should (conflicts, ties, duplicates…).
    struct Tally {
        var writes = 0, deliveries = 0, duplicates = 0, superseded = 0, conflicts = 0, sameValue = 0, hlcTies = 0
    }

    let seed: UInt64
    var random: SplitMix64
    var replicas: [InMemoryReplica] = []
    var skews: [Int64] = []
    var time: Int64 = 1_763_720_130_000
    var records: [RecordKey] = []
    /// Every write, by dot.
    var writes: [Dot: Change] = [:]
    /// The causal history of each write: every dot of the same record its writer had seen, itself included.
    var history: [Dot: Set<Dot>] = [:]
    /// Per replica and record: the union of the histories of everything it holds.
    var causalPast: [[RecordKey: Set<Dot>]] = []
    /// Per replica: the dots it holds.
    var held: [Set<Dot>] = []
    /// Per replica and field: the dot the oracle says is current.
    var current: [[FieldKey: Dot]] = []
    var expectedConflicts: [Set<Conflict>] = []
    var tally = Tally()
    /// Mismatches found along the way, each one sentence.
    var problems: [String] = []

    init(seed: UInt64) {
        self.seed = seed
        random = SplitMix64(seed: seed)
        let count = random.int(3...7)
        var ids: Set<String> = []
        while ids.count < count { ids.insert("r-\(random.int(1...30))") }  // "r-10" < "r-9" as strings
        for id in ids.sorted() {
            replicas.append(InMemoryReplica(id: id))
            skews.append(Int64(random.pick([0, 0, 0, 1, -1, 5, -40])))
        }
        causalPast = Array(repeating: [:], count: count)
        held = Array(repeating: [], count: count)
        current = Array(repeating: [:], count: count)
        expectedConflicts = Array(repeating: [], count: count)
        for i in 0..<random.int(1...4) {
            records.append(RecordKey(kind: i % 2 == 0 ? .collection : .district, id: "rec-\(i)"))
        }
    }

    /// Runs a random phase of writes and partial deliveries, then delivers everything to everyone.
    mutating func run() {
        for _ in 0..<random.int(10...80) {
            time += Int64(random.int(0...2))
            if random.chance(0.55) {
                write(by: random.int(0...replicas.count - 1))
            } else {
                let from = random.int(0...replicas.count - 1)
                let to = random.int(0...replicas.count - 1)
                if from != to { deliver(randomBatch(from: from), to: to) }
            }
        }
        let everything = Array(writes.values)
        for r in replicas.indices {
            var pending = everything.shuffled(using: &random)
            if random.chance(0.3) { pending += pending.prefix(random.int(0...pending.count)) }  // re-deliveries
            while !pending.isEmpty {
                let size = random.int(1...max(1, pending.count))
                deliver(Array(pending.prefix(size)), to: r)
                pending.removeFirst(size)
            }
        }
    }

    mutating func write(by r: Int) {
        let record = random.pick(records)
        let field = random.pick(record.kind == .collection ? ["outcome", "deleted", "weight_kg"] : ["name", "deleted"])
        let value: FieldValue
        switch field {
        case "deleted": value = .bool(random.chance(0.7))
        case "weight_kg": value = random.chance(0.2) ? .null : .decimal(Double(random.int(1...3)) / 2)
        default: value = .text(random.pick(["a", "b", "c"]))
        }
        // The physical clock: shared time plus this replica's skew, sometimes thrown backwards.
        if random.chance(0.05) { skews[r] -= Int64(random.int(1...30)) }
        let now = time + skews[r]
        let change = replicas[r].write(kind: record.kind, id: record.id, field: field, value: value, now: now)
        tally.writes += 1
        let dot = change.dot
        writes[dot] = change
        var past = causalPast[r][record, default: []]
        past.insert(dot)
        history[dot] = past
        causalPast[r][record] = past
        held[r].insert(dot)
        // The stamp is later than everything the writer had seen of the record.
        for seen in past where seen != dot && !(writes[seen]!.hlc < change.hlc) {
            problems.append("write \(dot) at \(change.hlc) is not later than \(seen) at \(writes[seen]!.hlc)")
        }
        let key = FieldKey(kind: record.kind, id: record.id, field: field)
        if let stored = current[r][key], classify(loser: stored, winner: dot) != .superseded {
            problems.append("local write \(dot) does not supersede \(stored)")
        }
        current[r][key] = dot
    }

    /// Some changes the sender holds, in random order, possibly repeated or already delivered.
    mutating func randomBatch(from s: Int) -> [Change] {
        let known = replicas[s].knownChanges
        guard !known.isEmpty else { return [] }
        return (0..<random.int(1...min(8, known.count + 2))).map { _ in random.pick(known) }
    }

    mutating func deliver(_ batch: [Change], to r: Int) {
        guard !batch.isEmpty else { return }
        tally.deliveries += 1
        let outcomes = replicas[r].receive(batch)
        for (change, outcome) in zip(batch, outcomes) {
            let expected = expect(change, at: r)
            if outcome.decision != expected {
                problems.append("\(replicas[r].id) got \(change.dot): \(outcome.decision) but the oracle says \(expected)")
            }
        }
    }

    /// The oracle's decision for `change` arriving at replica `r`, updating the oracle's state.
    mutating func expect(_ change: Change, at r: Int) -> MergeDecision {
        let dot = change.dot
        guard held[r].insert(dot).inserted else {
            tally.duplicates += 1
            return MergeDecision(action: .duplicate)
        }
        let record = RecordKey(kind: change.kind, id: change.id)
        causalPast[r][record, default: []].formUnion(history[dot]!)
        let key = FieldKey(kind: change.kind, id: change.id, field: change.field)
        guard let stored = current[r][key] else {
            current[r][key] = dot
            return MergeDecision(action: .insert)
        }
        let incomingWins = greater(dot, than: stored)
        let (winner, loser) = incomingWins ? (dot, stored) : (stored, dot)
        let relation = classify(loser: loser, winner: winner)
        if writes[winner]!.hlc == writes[loser]!.hlc { tally.hlcTies += 1 }
        switch relation {
        case .superseded: tally.superseded += 1
        case .concurrent(sameValue: true): tally.sameValue += 1
        case .concurrent(sameValue: false):
            tally.conflicts += 1
            expectedConflicts[r].insert(Conflict(field: key, winner: winner, loser: loser))
        case .anomaly: problems.append("the oracle found an anomaly between \(winner) and \(loser)")
        }
        if incomingWins { current[r][key] = dot }
        return MergeDecision(action: incomingWins ? .replace : .keep, relation: relation)
    }

    /// The total order, computed without FieldVersion: (wall, logical, replica id).
    func greater(_ a: Dot, than b: Dot) -> Bool {
        let x = writes[a]!
        let y = writes[b]!
        return (x.hlc.wall, x.hlc.logical, x.replica) > (y.hlc.wall, y.hlc.logical, y.replica)
    }

    /// Why `loser` lost, from the explicit causal histories.
    func classify(loser: Dot, winner: Dot) -> LoserRelation {
        if history[winner]!.contains(loser) { return .superseded }
        if history[loser]!.contains(winner) { return .anomaly }
        return .concurrent(sameValue: writes[loser]!.value == writes[winner]!.value)
    }

    /// The state every replica must end with: for each field, the value of its greatest write.
    var oracleState: InMemoryReplica.State {
        var best: [FieldKey: Dot] = [:]
        for (dot, change) in writes {
            let key = FieldKey(kind: change.kind, id: change.id, field: change.field)
            if let other = best[key], !greater(dot, than: other) { continue }
            best[key] = dot
        }
        return InMemoryReplica.State(values: best.mapValues { writes[$0]!.value })
    }

    /// The conflicts a replica logged, in the oracle's terms.
    func loggedConflicts(_ r: Int) -> Set<Conflict> {
        Set(replicas[r].conflicts.map { Conflict(field: $0.field, winner: $0.winner.dot, loser: $0.loser.dot) })
    }
}
