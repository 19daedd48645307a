import GisementShared
import TestSupport

/// A random set of report records from a seed: several districts and tests (some deleted, some
/// without a district or a population), partners and participations, and collections with every
/// kind of awkward value the builder must handle (missing fields, deleted, unknown or deleted
/// test, items 0 or negative, weight missing, negative or huge, texts outside the vocabulary and
/// the literal text "unspecified").
struct RandomReportWorld {
    var districts: [Record] = []
    var tests: [Record] = []
    var partners: [Record] = []
    var participations: [Record] = []
    var collections: [Record] = []

    var input: ReportInput {
        ReportInput(
            tests: tests, collections: collections, participations: participations, partners: partners,
            districts: districts)
    }

    /// Every scope worth reporting on: each test and district (deleted and unknown ones too) and all.
    var scopes: [ReportScope] {
        tests.map { .test($0.id) } + [.test("t-unknown")] + districts.map { .district($0.id) }
            + [.district("d-unknown"), .all]
    }

    static let categories = Vocabulary.categories + ["bicycles", ReportEntry.unspecifiedKey]
    static let sources = ["door-to-door", "event", "waste-center", "car-boot"]
    static let outcomes = Vocabulary.outcomes + ["sold-on"]

    init(seed: UInt64, collections count: Int? = nil) {
        var random = SplitMix64(seed: seed)
        func maybe<T>(_ value: T, _ p: Double = 0.8) -> T? { random.chance(p) ? value : nil }
        func record(_ kind: RecordKind, _ id: String, _ fields: [String: FieldValue?]) -> Record {
            Record(kind: kind, id: id, fields: fields.compactMapValues { $0 })
        }
        for d in 0..<random.int(1...4) {
            districts.append(
                record(
                    .district, "d\(d)",
                    [
                        "name": maybe(.text("District \(d)")), "population": maybe(.integer(Int64(random.int(0...50_000)))),
                        "deleted": random.chance(0.15) ? .bool(true) : nil,
                    ]))
        }
        let districtIDs = districts.map(\.id) + ["d-gone"]
        for t in 0..<random.int(1...5) {
            let start = random.int(1...20)
            tests.append(
                record(
                    .pilotTest, "t\(t)",
                    [
                        "name": .text("Test \(t)"), "district": maybe(.text(random.pick(districtIDs)), 0.85),
                        "starts_on": maybe(.text("2026-03-\(start < 10 ? "0" : "")\(start)")),
                        "ends_on": maybe(.text("2026-04-\(start < 10 ? "0" : "")\(start)")),
                        "target_kg": maybe(.decimal(Double(random.int(0...900))), 0.5),
                        "target_items": maybe(.integer(Int64(random.int(0...90))), 0.5),
                        "target_reuse_rate": maybe(.decimal(0.4), 0.3),
                        "deleted": random.chance(0.15) ? .bool(true) : nil,
                    ]))
        }
        for p in 0..<random.int(0...4) {
            partners.append(
                record(.partner, "p\(p)", ["name": maybe(.text("Partner \(p)")), "deleted": random.chance(0.2) ? .bool(true) : nil]))
        }
        let partnerIDs = partners.map(\.id) + ["p-unknown"]
        let testIDs = tests.map(\.id) + ["t-unknown"]
        for i in 0..<random.int(0...6) {
            participations.append(
                record(
                    .participation, "pa\(i)",
                    [
                        "test": .text(random.pick(testIDs)), "partner": .text(random.pick(partnerIDs)),
                        "role": maybe(.text(random.pick(Vocabulary.roles + ["mentor"]))),
                        "deleted": random.chance(0.15) ? .bool(true) : nil,
                    ]))
        }
        for c in 0..<(count ?? random.int(0...300)) {
            let weight: Double? = random.chance(0.1) ? nil : random.pick([
                Double(random.int(1...4000)) / 10, Double(random.int(1...1000)) / 1000, -2, 0, 1e12,
            ])
            let items: Int64? = random.chance(0.2) ? nil : Int64(random.int(-2...12))
            collections.append(
                record(
                    .collection, "c\(c)",
                    [
                        "test": maybe(.text(random.pick(testIDs)), 0.97),
                        "district": maybe(.text(random.pick(districtIDs)), 0.4),
                        "partner": maybe(.text(random.pick(partnerIDs)), 0.5),
                        "category": maybe(.text(random.pick(Self.categories))),
                        "source": maybe(.text(random.pick(Self.sources))),
                        "outcome": maybe(.text(random.pick(Self.outcomes))),
                        "items": items.map { .integer($0) }, "weight_kg": weight.map { .decimal($0) },
                        "sold_items": maybe(.integer(Int64(random.int(-1...3))), 0.3),
                        "deleted": random.chance(0.1) ? .bool(true) : nil,
                    ]))
        }
    }
}
