import GisementShared

/// The merge under a schedule of writes and exchanges among in-memory replicas, decided by the
/// fuzz bytes: who writes which field of which record with what value and what wall time
/// (clocks may jump back), who sends what to whom, in which order, with repeats.
///
/// Properties: a write made after receiving a change is stamped later than it; every logged
/// conflict names a winner that beats its loser; and after two rounds of full exchange every
/// replica holds the same state, equal to the oracle (for each field, the greatest version of
/// all writes under the contract's total order).
enum MergeFuzzCheck {
    static let maxOperations = 256
    static let fields = ["name", "commune", "code"]

    static func check(_ bytes: [UInt8]) -> FuzzFailure? {
        var input = FuzzInput(bytes)
        let count = 2 + input.next(below: 3)
        var replicas = (0..<count).map { InMemoryReplica(id: "r-\(Character(UnicodeScalar(UInt8(97 + $0))))") }
        var now = [Int64](repeating: 1_763_720_130_000, count: count)
        var operations = 0
        while !input.isExhausted, operations < maxOperations {
            operations += 1
            let op = input.next(below: 4)
            let a = input.next(below: count)
            switch op {
            case 0, 1:
                now[a] += Int64(input.next(below: 6)) - 2
                let seen = replicas[a].knownChanges.map(\.hlc).max()
                let record = "d-\(input.next(below: 3))"
                let field = fields[input.next(below: fields.count)]
                let valueByte = input.byte()
                let value: FieldValue = valueByte % 16 == 0 ? .null : .text("v\(valueByte % 8)")
                let change = replicas[a].write(kind: .district, id: record, field: field, value: value, now: now[a])
                if let seen, !(change.hlc > seen) { return "\(change) was stamped at or before a change it had seen (\(seen))" }
            case 2:
                let b = input.next(below: count)
                let known = replicas[a].knownChanges
                let from = known.isEmpty ? 0 : input.next(below: known.count + 1)
                var batch = Array(known[min(from, known.count)...])
                if input.byte() & 1 == 1 { batch.reverse() }
                _ = replicas[b].receive(batch)
            default:
                let b = input.next(below: count)
                _ = replicas[b].receive(replicas[a].knownChanges)
                _ = replicas[a].receive(replicas[b].knownChanges.reversed())
            }
        }
        for _ in 0..<2 {
            for a in 0..<count {
                for b in 0..<count where a != b { _ = replicas[b].receive(replicas[a].knownChanges) }
            }
        }
        return verify(replicas)
    }

    private static func verify(_ replicas: [InMemoryReplica]) -> FuzzFailure? {
        var oracle: [InMemoryReplica.FieldKey: FieldVersion] = [:]
        for replica in replicas {
            for change in replica.written {
                let key = InMemoryReplica.FieldKey(kind: change.kind, id: change.id, field: change.field)
                if let best = oracle[key], !change.version.wins(over: best) { continue }
                oracle[key] = change.version
            }
        }
        let expected = InMemoryReplica.State(values: oracle.mapValues(\.value))
        for replica in replicas {
            if replica.state != expected {
                return "\(replica.id) did not converge: \(replica.state.differences(from: expected).prefix(3))"
            }
            for entry in replica.log where !entry.winner.wins(over: entry.loser) {
                return "\(replica.id) logged \(entry.winner) as beating \(entry.loser)"
            }
            let dots = replica.received.map(\.dot) + replica.written.map(\.dot)
            if Set(dots).count != dots.count { return "\(replica.id) took a change twice" }
        }
        return nil
    }
}
