import GisementShared

extension BenchScenario {
    /// Merge decisions per second in memory, against a bare `(hlc, replica)` comparison loop
    /// over the same pairs: the price of the clock classification on top of picking a winner.
    static let merge = BenchScenario(
        name: "merge", summary: "Merger.decide on stored/incoming pairs vs a bare comparison loop",
        defaultSize: 100_000
    ) { size, _ in
        let pairs = makePairs(size)
        let baseline = Measurement.run("bare (hlc, replica) comparison", operationsPerCall: size) {
            var replaced = 0
            for (stored, incoming) in pairs {
                let wins =
                    incoming.hlc != stored.hlc ? incoming.hlc > stored.hlc : incoming.dot.replica > stored.dot.replica
                if wins { replaced += 1 }
            }
            return replaced
        }
        let decisions = Measurement.run("Merger.decide", operationsPerCall: size) {
            var logged = 0
            for (stored, incoming) in pairs {
                let decision = Merger.decide(stored: stored, incoming: incoming)
                if decision.replacesStored { logged += 1 }
                if decision.isLogged { logged += 2 }
            }
            return logged
        }
        baseline.print(unit: "pairs")
        decisions.print(unit: "decisions", against: baseline)
        var conflicts = 0
        for (stored, incoming) in pairs where Merger.decide(stored: stored, incoming: incoming).isConflict {
            conflicts += 1
        }
        print("  (\(conflicts) of \(size) pairs are conflicts; clocks hold 1 to 4 replicas)")
    }

    /// Pairs of versions of one field as replicas produce them: edits that saw the stored
    /// version, concurrent writes, equal HLCs broken by replica id.
    static func makePairs(_ count: Int) -> [(FieldVersion, FieldVersion)] {
        var random = BenchRandom()
        let replicas = (0..<6).map { "r-\(String($0 * 7919 + 1000, radix: 16))" }
        func version(counter: UInt64, replica: String, wall: Int64, seen: VectorClock) -> FieldVersion {
            var clock = seen
            clock.include(Dot(replica: replica, counter: counter))
            return FieldVersion(
                value: .text(["reused", "repaired", "pending"][Int(random.next() % 3)]),
                hlc: HLCTimestamp(wall: wall, logical: UInt32(random.next() % 2)),
                dot: Dot(replica: replica, counter: counter), clock: clock)
        }
        return (0..<count).map { i in
            let wall = 1_763_720_130_000 + Int64(i)
            let a = replicas[Int(random.next() % 6)]
            let b = replicas[Int(random.next() % 6)]
            var base = VectorClock()
            for r in replicas.prefix(Int(random.next() % 3)) { base[r] = UInt64(random.next() % 50 + 1) }
            let stored = version(counter: UInt64(100 + i), replica: a, wall: wall, seen: base)
            let seesStored = random.next() % 2 == 0
            let incoming = version(
                counter: UInt64(200 + i), replica: b, wall: wall + Int64(random.next() % 3) - 1,
                seen: seesStored ? stored.clock : base)
            return (stored, incoming)
        }
    }
}
