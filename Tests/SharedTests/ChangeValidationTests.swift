import GisementShared
import Testing

struct ChangeValidationTests {
    static func make(
        kind: RecordKind = .collection, id: String = "c-1", field: String = "weight_kg",
        value: FieldValue = .integer(12), replica: String = "r-1", counter: UInt64 = 3,
        clock: [String: UInt64] = ["r-1": 3, "r-2": 1]
    ) -> Change {
        Change(
            kind: kind, id: id, field: field, value: value, hlc: HLCTimestamp(wall: 1_000, logical: 0),
            replica: replica, counter: counter, clock: VectorClock(clock))
    }

    @Test func validated_normalizesTheValue() throws {
        #expect(try Self.make().validated().value == .decimal(12))
    }

    @Test(arguments: [
        (make(id: "bad id"), "id"),
        (make(id: ""), "id"),
        (make(replica: "r 1", clock: ["r 1": 3]), "replica"),
        (make(counter: 0, clock: [:]), "counter"),
        (make(clock: ["r-1": 2]), "clock"),
        (make(clock: ["r-2": 5]), "clock"),
        (make(clock: ["r-1": 3, "bad id": 1]), "clock"),
        (make(field: "nope"), "nope"),
        (make(value: .decimal(-1)), "weight_kg"),
        (make(field: "category", value: .text("cars")), "category"),
        (make(field: "collected_at", value: .text("2026-11-21T10:00:00")), "collected_at"),
    ])
    func validated_namesTheWrongField(change: Change, field: String) {
        do {
            _ = try change.validated()
            Issue.record("accepted \(change)")
        } catch {
            #expect(error.field == field)
            #expect(error.kind == change.kind)
        }
    }
}
