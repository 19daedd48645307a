import GisementShared
import TestSupport
import Testing

/// Random histories of 3 to 7 replicas; 1,000 by default, `GISEMENT_PROPERTY_RUNS=N` for more,
/// `GISEMENT_PROPERTY_SEED=S` to replay the one a failure names.
struct ConvergencePropertyTests {
    static let seeds = PropertyRuns.seeds(default: 1_000, salt: 41)

    @Test func replicas_converge_toTheGreatestWrite_withExactlyTheOraclesConflicts() {
        var total = SyncSimulation.Tally()
        for seed in Self.seeds {
            var simulation = SyncSimulation(seed: seed)
            simulation.run()
            let replay = "replay with GISEMENT_PROPERTY_SEED=\(seed)"
            #expect(simulation.problems.isEmpty, "\(replay): \(simulation.problems.prefix(3))")
            let oracle = simulation.oracleState
            for (r, replica) in simulation.replicas.enumerated() {
                #expect(replica.state == oracle, "\(replay): \(replica.id) differs: \(replica.state.differences(from: oracle))")
                #expect(replica.seenDots.count == simulation.writes.count, "\(replay)")
                // A conflict is logged exactly when the oracle sees a concurrent write of a different value:
                // never for a causal overwrite, always for a concurrent different value.
                #expect(
                    simulation.loggedConflicts(r) == simulation.expectedConflicts[r],
                    "\(replay): \(replica.id) logged \(replica.conflicts.count), expected \(simulation.expectedConflicts[r].count)")
                #expect(replica.conflicts.count == simulation.expectedConflicts[r].count, "\(replay): logged twice")
                #expect(replica.log.allSatisfy { !$0.isAnomaly }, "\(replay): anomaly without clock trouble")
            }
            let first = simulation.replicas[0]
            for other in simulation.replicas.dropFirst() {
                #expect(other.records == first.records, "\(replay)")
                #expect(other.recordClocks == first.recordClocks, "\(replay)")
            }
            for record in first.records {
                let deleted = oracle.values[.init(kind: record.kind, id: record.id, field: "deleted")]
                #expect(record.isDeleted == (deleted == .bool(true)), "\(replay)")
            }
            total.writes += simulation.tally.writes
            total.conflicts += simulation.tally.conflicts
            total.superseded += simulation.tally.superseded
            total.sameValue += simulation.tally.sameValue
            total.hlcTies += simulation.tally.hlcTies
            total.duplicates += simulation.tally.duplicates
        }
        // The histories did exercise every case (not vacuous): only meaningful over many seeds.
        if Self.seeds.count >= 100 {
            #expect(total.conflicts > 100 && total.superseded > 100 && total.sameValue > 10, "\(total)")
            #expect(total.hlcTies > 0 && total.duplicates > 100, "\(total)")
        }
    }

    @Test func replicas_thatHoldTheSameChanges_holdTheSameState_inAnyOrder() {
        for seed in Self.seeds.prefix(200) {
            var random = SplitMix64(seed: seed ^ 0xABCD)
            var simulation = SyncSimulation(seed: seed)
            simulation.run()
            let all = Array(simulation.writes.values)
            // Fresh replicas fed the same changes in different orders and batches agree with each other.
            var left = InMemoryReplica(id: "fresh-left")
            var right = InMemoryReplica(id: "fresh-right")
            _ = left.receive(all.shuffled(using: &random))
            var rest = all.shuffled(using: &random)
            while !rest.isEmpty {
                let size = random.int(1...rest.count)
                _ = right.receive(Array(rest.prefix(size)) + Array(rest.prefix(random.int(0...size))))
                rest.removeFirst(size)
            }
            #expect(left.state == right.state, "replay with GISEMENT_PROPERTY_SEED=\(seed)")
            #expect(left.state == simulation.oracleState, "replay with GISEMENT_PROPERTY_SEED=\(seed)")
            // Receiving everything again changes nothing and is all duplicates.
            let before = left.state
            let again = left.receive(all)
            #expect(again.allSatisfy(\.isDuplicate) && left.state == before, "seed \(seed)")
        }
    }
}
