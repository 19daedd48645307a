import GisementShared
import TestSupport
import Testing

/// A store streams collections into a ``ReportDraft`` as ``CodedCollection``s: the report must be
/// the one ``ReportBuilder/make(scope:input:)`` gives from records, byte for byte, in any order.
@Suite struct ReportDraftTests {
    /// Codes a collection record the way a store does: each text through the draft's codes.
    static func coded(_ record: Record, into draft: inout ReportDraft) -> CodedCollection {
        func code(_ field: String) -> Int32 {
            record.text(field).map { draft.code(for: $0) } ?? CodedCollection.missing
        }
        return CodedCollection(
            test: code("test"), district: code("district"), partner: code("partner"), category: code("category"),
            source: code("source"), outcome: code("outcome"), items: record.integer("items"),
            weightKg: record.number("weight_kg"), soldItems: record.integer("sold_items"), isDeleted: record.isDeleted)
    }

    /// The report of `scope` with the collections streamed in a shuffled order, as codes.
    static func streamed(_ world: RandomReportWorld, _ scope: ReportScope, seed: UInt64) throws(ReportError) -> Report {
        var input = world.input
        input.collections = []
        var draft = try ReportDraft(scope: scope, input: input)
        var random = SplitMix64(seed: seed)
        for record in world.collections.shuffled(using: &random) { draft.add(coded(record, into: &draft)) }
        return draft.finish()
    }

    static func outcome(_ body: () throws(ReportError) -> Report) -> Result<Report, ReportError> {
        do throws(ReportError) { return .success(try body()) } catch { return .failure(error) }
    }

    @Test(arguments: PropertyRuns.seeds(default: 120, salt: 31))
    func streamedCodes_giveTheRecordsReport_byteForByte(seed: UInt64) {
        let world = RandomReportWorld(seed: seed)
        for scope in world.scopes {
            let fromRecords = Self.outcome { () throws(ReportError) in try ReportBuilder.make(scope: scope, input: world.input) }
            let fromCodes = Self.outcome { () throws(ReportError) in try Self.streamed(world, scope, seed: seed) }
            #expect(fromCodes == fromRecords, "seed \(seed), scope \(scope)")
            if case .success(let expected) = fromRecords, case .success(let actual) = fromCodes {
                #expect(actual.json() == expected.json(), "seed \(seed), scope \(scope)")
                #expect(actual.csv() == expected.csv(), "seed \(seed), scope \(scope)")
            }
        }
    }

    @Test(arguments: PropertyRuns.seeds(default: 120, salt: 37))
    func breakdowns_matchACountByHand(seed: UInt64) throws {
        let world = RandomReportWorld(seed: seed)
        for scope in world.scopes {
            guard let report = try? ReportBuilder.make(scope: scope, input: world.input) else { continue }
            let expected = NaiveReportCount(world: world, scope: scope)
            #expect(report.totals == expected.totals, "seed \(seed), scope \(scope)")
            #expect(report.collectionsWithoutWeight == expected.withoutWeight, "seed \(seed), scope \(scope)")
            #expect(report.soldItems == expected.soldItems, "seed \(seed), scope \(scope)")
            #expect(NaiveReportCount.counted(report.byCategory) == expected.by["category"], "seed \(seed), \(scope)")
            #expect(NaiveReportCount.counted(report.bySource) == expected.by["source"], "seed \(seed), \(scope)")
            #expect(NaiveReportCount.counted(report.byPartner) == expected.by["partner"], "seed \(seed), \(scope)")
            #expect(NaiveReportCount.counted(report.byOutcome) == expected.by["outcome"], "seed \(seed), \(scope)")
            #expect(NaiveReportCount.counted(report.byDistrict) == expected.by["district"], "seed \(seed), \(scope)")
        }
    }

    @Test func code_isStableAndSharedByEveryField() throws {
        var draft = try ReportDraft(scope: .all, input: ReportInput())
        let tools = draft.code(for: "tools")
        #expect(draft.code(for: "tools") == tools)
        #expect(draft.code(for: "event") != tools)
    }

    @Test func collection_ofATextThatIsNoCoveredTest_doesNotCount() throws {
        let world = ReportFixture.input
        var draft = try ReportDraft(scope: .test("t1"), input: world)
        draft.add(CodedCollection(test: draft.code(for: "t2"), category: draft.code(for: "tools"), weightKg: 5))
        draft.add(CodedCollection(test: CodedCollection.missing, weightKg: 5))
        draft.add(CodedCollection(test: draft.code(for: "t1"), weightKg: 5, isDeleted: true))
        #expect(draft.finish().totals == ReportTally())
    }

    @Test func collection_withoutDistrict_countsInItsTestsDistrict_andMissingTextsUnderUnspecified() throws {
        var draft = try ReportDraft(scope: .district("d1"), input: ReportFixture.input)
        draft.add(CodedCollection(test: draft.code(for: "t4"), items: nil, weightKg: 2))
        let report = draft.finish()
        #expect(ReportFixture.tally(report.byDistrict, "d1") == ReportFixture.t(1, 1, 2))
        #expect(ReportFixture.tally(report.byCategory, ReportEntry.unspecifiedKey) == ReportFixture.t(1, 1, 2))
        #expect(ReportFixture.tally(report.byPartner, ReportEntry.unspecifiedKey) == ReportFixture.t(1, 1, 2))
    }
}

/// The breakdowns counted the plain way, one dictionary per field, as the rules in
/// docs/indicators.md state them: the reference the builder is checked against.
struct NaiveReportCount {
    var totals = ReportTally()
    var withoutWeight = 0
    var soldItems: Int64 = 0
    var by: [String: [String: ReportTally]] = [:]

    init(world: RandomReportWorld, scope: ReportScope) {
        let live = world.tests.filter { !$0.isDeleted }
        let covered: [Record]
        switch scope {
        case .test(let id): covered = live.filter { $0.id == id }
        case .district(let id): covered = live.filter { $0.text("district") == id }
        case .all: covered = live
        }
        let districtOfTest = Dictionary(covered.map { ($0.id, $0.text("district")) }, uniquingKeysWith: { a, _ in a })
        for field in ["category", "source", "partner", "outcome", "district"] { by[field] = [:] }
        for collection in world.collections where !collection.isDeleted {
            guard let test = collection.text("test"), let testDistrict = districtOfTest[test] else { continue }
            let items = max(0, collection.integer("items") ?? 1)
            let kg = collection.number("weight_kg")
            var mg: Int64 = 0
            if let kg, kg > 0 { mg = Int64((min(kg, 1e9) * 1_000_000).rounded(.toNearestOrAwayFromZero)) }
            if kg == nil { withoutWeight += 1 }
            soldItems += max(0, collection.integer("sold_items") ?? 0)
            totals = Self.plus(totals, items, mg)
            for field in ["category", "source", "partner", "outcome"] {
                let key = collection.text(field) ?? ReportEntry.unspecifiedKey
                by[field]![key] = Self.plus(by[field]![key] ?? ReportTally(), items, mg)
            }
            let place = collection.text("district") ?? testDistrict ?? ReportEntry.unspecifiedKey
            by["district"]![place] = Self.plus(by["district"]![place] ?? ReportTally(), items, mg)
        }
    }

    static func plus(_ tally: ReportTally, _ items: Int64, _ mg: Int64) -> ReportTally {
        ReportTally(collections: tally.collections + 1, items: tally.items + items, milligrams: tally.milligrams + mg)
    }

    /// The entries some collection counted under, by key.
    static func counted(_ entries: [ReportEntry]) -> [String: ReportTally] {
        Dictionary(entries.filter { $0.tally.collections > 0 }.map { ($0.key, $0.tally) }, uniquingKeysWith: { a, _ in a })
    }
}
