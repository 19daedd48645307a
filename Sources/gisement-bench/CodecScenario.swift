import Foundation
import GisementShared

extension BenchScenario {
    /// Changes encoded and decoded per second by ``ChangeCodec``, against Foundation's
    /// JSONEncoder/JSONDecoder on an equivalent Codable struct and against JSONSerialization,
    /// each going from `[Change]` to bytes and back.
    static let codec = BenchScenario(
        name: "codec", summary: "ChangeCodec vs JSONEncoder/JSONDecoder and JSONSerialization", defaultSize: 10_000
    ) { size, _ in
        let changes = makeChanges(size)
        let bytes = ChangeCodec.encode(changes)
        guard try ChangeCodec.decode(bytes) == changes else { throw BenchFailure("the codec does not round-trip") }
        print("  \(size) changes, \(bytes.count) bytes (\(bytes.count / max(size, 1)) bytes each)")
        let data = Data(bytes)

        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let codableEncode = try Measurement.run("JSONEncoder (Codable)", operationsPerCall: size) {
            try encoder.encode(changes.map(WireChange.init)).count
        }
        let serializationEncode = try Measurement.run("JSONSerialization", operationsPerCall: size) {
            try JSONSerialization.data(withJSONObject: changes.map(WireChange.object)).count
        }
        let encode = Measurement.run("ChangeCodec.encode", operationsPerCall: size) {
            ChangeCodec.encode(changes).count
        }
        print("  encode")
        codableEncode.print(unit: "changes")
        serializationEncode.print(unit: "changes")
        encode.print(unit: "changes", against: codableEncode)
        encode.print(unit: "changes", against: serializationEncode)

        let codableData = try encoder.encode(changes.map(WireChange.init))
        let codableDecode = try Measurement.run("JSONDecoder (Codable)", operationsPerCall: size) {
            try decoder.decode([WireChange].self, from: codableData).map { try $0.change() }.count
        }
        let serializationDecode = try Measurement.run("JSONSerialization", operationsPerCall: size) {
            guard let objects = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return 0 }
            return try objects.map(WireChange.change(from:)).count
        }
        let decode = try Measurement.run("ChangeCodec.decode", operationsPerCall: size) {
            try ChangeCodec.decode(bytes).count
        }
        let tree = try Measurement.run("JSONParser (tree only)", operationsPerCall: size) {
            try JSONParser.parse(bytes).arrayValue?.count ?? 0
        }
        print("  decode")
        codableDecode.print(unit: "changes")
        serializationDecode.print(unit: "changes")
        tree.print(unit: "changes")
        decode.print(unit: "changes", against: codableDecode)
        decode.print(unit: "changes", against: serializationDecode)
        decode.print(unit: "changes", against: tree)
        let megabytes = Double(bytes.count) / 1_048_576
        print(String(format: "  throughput: encode %.0f MB/s, decode %.0f MB/s", megabytes / encode.seconds, megabytes / decode.seconds))
    }

    /// Realistic changes: collections and tests, text, numbers, booleans, clocks of 1 to 4 replicas.
    static func makeChanges(_ count: Int) -> [Change] {
        var random = BenchRandom(seed: 7)
        let replicas = (0..<8).map { _ in Identifier.random(prefix: "r-", using: &random) }
        let records = (0..<max(1, count / 8)).map { _ in Identifier.random(prefix: "c-", using: &random) }
        let fields: [(String, () -> FieldValue)] = [
            ("weight_kg", { .decimal(Double(Int.random(in: 1...4000, using: &random)) / 10) }),
            ("items", { .integer(Int64.random(in: 1...20, using: &random)) }),
            ("outcome", { .text(["pending", "reused", "repaired", "recycled"].randomElement(using: &random)!) }),
            ("notes", { .text("Vélo de ville, freins à reprendre, déposé par \"M. Martin\"") }),
            ("deleted", { .bool(Bool.random(using: &random)) }),
            ("collected_at", { .text("2026-11-21T10:15:30+01:00") }),
        ]
        return (0..<count).map { i in
            let replica = replicas[i % replicas.count]
            var clock = VectorClock()
            for r in replicas.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)) {
                clock[r] = UInt64.random(in: 1...5000, using: &random)
            }
            clock[replica] = UInt64(i + 1)
            let (field, value) = fields[Int.random(in: 0..<fields.count, using: &random)]
            return Change(
                kind: .collection, id: records[Int.random(in: 0..<records.count, using: &random)], field: field,
                value: value(), hlc: HLCTimestamp(wall: 1_763_720_130_000 + Int64(i), logical: UInt32(i % 3)),
                replica: replica, counter: UInt64(i + 1), clock: clock, seq: i % 2 == 0 ? Int64(i + 1) : nil)
        }
    }
}

/// A scenario's failure, in one sentence.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
