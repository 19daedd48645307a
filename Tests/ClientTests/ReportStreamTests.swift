import GisementSQLite
import GisementShared
import TestSupport
import Testing

@testable import GisementClient

/// `gisement report` streams collections from the replica's table into a ``ReportDraft``: its
/// report must be the one ``ReportBuilder`` makes from every record of the replica, byte for byte.
@Suite struct ReportStreamTests {
    /// A replica with a random world: districts, tests and partners (some removed), participations,
    /// and collections with missing fields, removed ones, and odd values stored by another version.
    static func makeWorld(seed: UInt64) throws -> StoreFixture {
        let fixture = try StoreFixture()
        let store = fixture.store
        var random = SplitMix64(seed: seed)
        let districts = try (0..<random.int(1...3)).map { d in
            try store.create(
                kind: .district,
                fields: [("name", .text("District \(d)"))] + (random.chance(0.7) ? [("population", .integer(Int64(random.int(0...9000))))] : []))
        }
        let tests = try (0..<random.int(1...4)).map { t in
            try store.create(
                kind: .pilotTest,
                fields: [("name", .text("Test \(t)")), ("starts_on", .text("2026-03-01")), ("ends_on", .text("2026-04-15"))]
                    + (random.chance(0.8) ? [("district", .text(random.pick(districts)))] : [])
                    + (random.chance(0.5) ? [("target_kg", .decimal(Double(random.int(1...500))))] : []))
        }
        let partners = try (0..<random.int(0...3)).map { p in
            try store.create(kind: .partner, fields: [("name", .text("Partner \(p)"))])
        }
        for test in tests where !partners.isEmpty && random.chance(0.7) {
            try store.create(
                kind: .participation,
                fields: [("test", .text(test)), ("partner", .text(random.pick(partners))), ("role", .text(random.pick(Vocabulary.roles)))])
        }
        var writes: [RecordWrite] = []
        for _ in 0..<random.int(0...150) {
            var fields: [(name: String, value: FieldValue)] = [
                ("test", .text(random.pick(tests))), ("collected_at", .text("2026-03-0\(random.int(1...9))T10:00:00Z")),
                ("category", .text(random.pick(Vocabulary.categories))),
            ]
            if random.chance(0.3) { fields.append(("district", .text(random.pick(districts)))) }
            if random.chance(0.5), !partners.isEmpty { fields.append(("partner", .text(random.pick(partners)))) }
            if random.chance(0.7) { fields.append(("source", .text(random.pick(Vocabulary.sources)))) }
            if random.chance(0.7) { fields.append(("outcome", .text(random.pick(Vocabulary.outcomes)))) }
            if random.chance(0.7) { fields.append(("items", .integer(Int64(random.int(0...9))))) }
            if random.chance(0.8) { fields.append(("weight_kg", .decimal(Double(random.int(0...3000)) / 10))) }
            if random.chance(0.3) { fields.append(("sold_items", .integer(Int64(random.int(0...3))))) }
            writes.append(RecordWrite(kind: .collection, id: store.newID(for: .collection), fields: fields, isNew: true))
        }
        try store.write(writes)
        for write in writes where random.chance(0.1) { try store.delete(kind: .collection, id: write.id) }
        if tests.count > 1, random.chance(0.5) { try store.delete(kind: .pilotTest, id: tests[0]) }
        if let partner = partners.first, random.chance(0.3) { try store.delete(kind: .partner, id: partner) }
        // Values a local write never makes but a table may hold: an outcome from a newer
        // vocabulary, a whole number stored as REAL, weight stored as INTEGER, no outcome at all.
        if let first = writes.first?.id {
            try store.database.execute(
                sql: "UPDATE collections SET outcome = 'sold-on', items = 2.0, weight_kg = 3, category = NULL WHERE id = ?",
                arguments: [.text(first)])
        }
        return fixture
    }

    /// The report from every record of the replica, removed ones included.
    static func fromRecords(_ store: ReplicaStore, _ scope: ReportScope) throws -> Report {
        var records: [Record] = []
        for kind in RecordKind.allCases {
            records += try store.records(kind: kind, filter: RecordFilter(includesDeleted: true))
        }
        return try ReportBuilder.make(scope: scope, input: ReportInput(records: records))
    }

    @Test(arguments: (0..<UInt64(12)).map { $0 * 7919 + 11 })
    func streamedReport_isTheRecordsReport(seed: UInt64) throws {
        let fixture = try Self.makeWorld(seed: seed)
        let store = fixture.store
        let tests = try store.records(kind: .pilotTest, filter: RecordFilter(includesDeleted: true))
        let districts = try store.records(kind: .district)
        let scopes = tests.map { ReportScope.test($0.id) } + districts.map { .district($0.id) } + [.all]
        for scope in scopes {
            let expected = Result { try Self.fromRecords(store, scope) }
            let streamed = Result { try ReportCommand.report(for: scope, from: store) }
            switch (expected, streamed) {
            case (.success(let expected), .success(let streamed)):
                #expect(streamed.json() == expected.json(), "seed \(seed), scope \(scope)")
                #expect(streamed.text() == expected.text(), "seed \(seed), scope \(scope)")
            case (.failure(let expected), .failure(let streamed)):
                #expect("\(streamed)" == "\(expected)", "seed \(seed), scope \(scope)")
            default:
                Issue.record("seed \(seed), scope \(scope): records gave \(expected), the stream \(streamed)")
            }
        }
    }

    @Test func streamedReport_countsNoRemovedCollection() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let test = try store.create(kind: .pilotTest, fields: [("name", .text("T"))])
        let kept = try store.create(
            kind: .collection,
            fields: [("test", .text(test)), ("collected_at", .text("2026-03-01T10:00:00Z")), ("category", .text("tools")), ("weight_kg", .decimal(2))])
        let removed = try store.create(
            kind: .collection,
            fields: [("test", .text(test)), ("collected_at", .text("2026-03-01T10:00:00Z")), ("category", .text("tools")), ("weight_kg", .decimal(40))])
        try store.delete(kind: .collection, id: removed)
        let report = try ReportCommand.report(for: .test(test), from: store)
        #expect(report.totals == ReportTally(collections: 1, items: 1, milligrams: 2_000_000))
        #expect(kept != removed)
    }
}
