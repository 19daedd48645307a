import GisementShared
import TestSupport

/// Changes for codec tests: hand-made ones and random ones from a seed.
enum ChangeFactory {
    static func make(
        kind: RecordKind = .collection, id: String = "c-7f3a", field: String = "weight_kg",
        value: FieldValue = .decimal(12.5), hlc: HLCTimestamp = HLCTimestamp(wall: 1_763_720_130_123, logical: 0),
        replica: String = "r-4f9a", counter: UInt64 = 42, clock: [String: UInt64] = ["r-4f9a": 42, "r-77aa": 17],
        seq: Int64? = nil
    ) -> Change {
        Change(
            kind: kind, id: id, field: field, value: value, hlc: hlc, replica: replica, counter: counter,
            clock: VectorClock(clock), seq: seq)
    }

    /// A random change; text may hold any character (escapes, emoji, control characters).
    static func random(using random: inout SplitMix64) -> Change {
        let replica = randomID(using: &random)
        let counter = UInt64(random.int(1...1_000_000))
        var clock = VectorClock()
        for _ in 0..<random.int(0...5) { clock[randomID(using: &random)] = UInt64(random.int(1...Int(Int32.max))) }
        clock[replica] = counter
        let value: FieldValue
        switch random.int(0...6) {
        case 0: value = .null
        case 1: value = .bool(random.chance(0.5))
        case 2: value = .integer(Int64.random(in: Int64.min...Int64.max, using: &random))
        case 3: value = .integer(Int64(random.int(-5...5000)))
        case 4: value = .decimal(Double(random.int(-100_000...100_000)) / Double(random.pick([1, 4, 10, 1000, 3])))
        case 5: value = .decimal(random.pick([0.1, 1e-7, 3.0, -0.0, 1e21, 123_456.789, 5e-324, 1.7976931348623157e308]))
        default: value = .text(JSONWriterTests.randomText(using: &random))
        }
        return Change(
            kind: random.pick(RecordKind.allCases), id: randomID(using: &random),
            field: random.pick(["name", "weight_kg", "deleted", "notes", "outcome", "fïeld \"q\""]), value: value,
            hlc: HLCTimestamp(
                wall: Int64.random(in: 0...HLCTimestamp.maxWall, using: &random),
                logical: random.chance(0.5) ? 0 : UInt32.random(in: 0...UInt32.max, using: &random)),
            replica: replica, counter: counter, clock: clock,
            seq: random.chance(0.5) ? Int64(random.int(1...Int(Int32.max))) : nil)
    }

    static func randomID(using random: inout SplitMix64) -> String {
        let alphabet = Array("ABCXYZabcxyz0189._:-")
        return String((0..<random.int(1...12)).map { _ in random.pick(alphabet) })
    }
}
