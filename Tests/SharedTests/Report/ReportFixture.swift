import GisementShared

/// A small hand-checked world: the worked example of docs/indicators.md.
///
/// - d1 "Centre" (population 2000), d2 "Nord" (500), d3 "Sans chiffre" (no population), d4 "Vide" (0).
/// - t1 "Spring drive" in d1, 2026-03-01…2026-03-31 (31 days), targets 100 kg, 20 items, reuse 0.5.
/// - t2 in d2; t3 in d1 but deleted; t4 "Autumn pilot" in d1 with no dates and no target.
enum ReportFixture {
    static func record(_ kind: RecordKind, _ id: String, _ fields: [String: FieldValue]) -> Record {
        Record(kind: kind, id: id, fields: fields)
    }

    static func collection(
        _ id: String, test: String, category: String?, source: String? = nil, partner: String? = nil,
        items: Int64? = nil, kg: Double? = nil, outcome: String? = nil, sold: Int64? = nil, district: String? = nil,
        deleted: Bool = false
    ) -> Record {
        var fields: [String: FieldValue] = ["test": .text(test), "collected_at": .text("2026-03-10T10:00:00Z")]
        if let category { fields["category"] = .text(category) }
        if let source { fields["source"] = .text(source) }
        if let partner { fields["partner"] = .text(partner) }
        if let items { fields["items"] = .integer(items) }
        if let kg { fields["weight_kg"] = .decimal(kg) }
        if let outcome { fields["outcome"] = .text(outcome) }
        if let sold { fields["sold_items"] = .integer(sold) }
        if let district { fields["district"] = .text(district) }
        if deleted { fields["deleted"] = .bool(true) }
        return record(.collection, id, fields)
    }

    static let districts = [
        record(.district, "d1", ["name": .text("Centre"), "population": .integer(2000)]),
        record(.district, "d2", ["name": .text("Nord"), "population": .integer(500)]),
        record(.district, "d3", ["name": .text("Sans chiffre")]),
        record(.district, "d4", ["name": .text("Vide"), "population": .integer(0)]),
    ]

    static let tests = [
        record(
            .pilotTest, "t1",
            [
                "name": .text("Spring drive"), "district": .text("d1"), "starts_on": .text("2026-03-01"),
                "ends_on": .text("2026-03-31"), "status": .text("running"), "target_kg": .decimal(100),
                "target_items": .integer(20), "target_reuse_rate": .decimal(0.5),
            ]),
        record(.pilotTest, "t2", ["name": .text("North test"), "district": .text("d2")]),
        record(.pilotTest, "t3", ["name": .text("Cancelled"), "district": .text("d1"), "deleted": .bool(true)]),
        record(.pilotTest, "t4", ["name": .text("Autumn pilot"), "district": .text("d1"), "status": .text("planned")]),
    ]

    static let partners = [
        record(.partner, "p1", ["name": .text("Ressourcerie du Centre"), "kind": .text("association")]),
        record(.partner, "p2", ["name": .text("Habitat Social"), "kind": .text("social-landlord")]),
        record(.partner, "p3", ["name": .text("Gone"), "deleted": .bool(true)]),
        record(.partner, "p4", ["name": .text("Mairie"), "kind": .text("municipality")]),
    ]

    static let participations = [
        record(.participation, "t1.p1", ["test": .text("t1"), "partner": .text("p1"), "role": .text("collector")]),
        record(.participation, "t1.p2", ["test": .text("t1"), "partner": .text("p2"), "role": .text("supplier")]),
        // A participation of a deleted partner and a deleted participation: neither counts.
        record(.participation, "t1.p3", ["test": .text("t1"), "partner": .text("p3"), "role": .text("funder")]),
        record(
            .participation, "t1.p4",
            ["test": .text("t1"), "partner": .text("p4"), "role": .text("funder"), "deleted": .bool(true)]),
        record(.participation, "t2.p1", ["test": .text("t2"), "partner": .text("p1"), "role": .text("repairer")]),
    ]

    static let collections = [
        collection("c1", test: "t1", category: "electrical", source: "door-to-door", partner: "p2", items: 2, kg: 10,
            outcome: "reused", sold: 1),
        collection("c2", test: "t1", category: "furniture", source: "partner-site", partner: "p2", items: 1, kg: 25.5,
            outcome: "repaired", sold: 1, district: "d2"),
        collection("c3", test: "t1", category: "textiles", source: "drop-off-point", items: 5, kg: 4.5,
            outcome: "recycled"),
        collection("c4", test: "t1", category: "electrical", source: "waste-center", partner: "p1", items: 1, kg: 20,
            outcome: "disposed"),
        // No items (counts 1, the default) and no weight (adds 0 kg).
        collection("c5", test: "t1", category: "leisure", source: "event", partner: "p1", outcome: "pending"),
        // No source, no partner, no outcome.
        collection("c6", test: "t1", category: "textiles", items: 3, kg: 10),
        collection("c7", test: "t1", category: "furniture", items: 1, kg: 100, outcome: "reused", deleted: true),
        collection("c9", test: "t2", category: "books-media", source: "door-to-door", partner: "p1", items: 4, kg: 8,
            outcome: "reused"),
        collection("c10", test: "t3", category: "furniture", items: 1, kg: 50, outcome: "reused"),
        collection("c11", test: "t-missing", category: "tools", items: 1, kg: 7),
        collection("c12", test: "t4", category: "tools", items: 1, kg: 5, outcome: "reused"),
    ]

    static var input: ReportInput {
        ReportInput(
            tests: tests, collections: collections, participations: participations, partners: partners,
            districts: districts)
    }

    static func report(_ scope: ReportScope, _ input: ReportInput = input) throws -> Report {
        try ReportBuilder.make(scope: scope, input: input)
    }

    /// The tally of one breakdown key, for short expectations.
    static func tally(_ entries: [ReportEntry], _ key: String) -> ReportTally? {
        entries.first { $0.key == key }?.tally
    }

    static func t(_ collections: Int, _ items: Int64, _ kg: Double) -> ReportTally {
        ReportTally(collections: collections, items: items, milligrams: Int64(kg * 1_000_000))
    }
}
