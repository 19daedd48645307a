import GisementShared
import Testing

/// Figures that cannot be computed are nil; deleted and edited records; missing fields.
struct ReportBuilderEdgeTests {
    typealias F = ReportFixture

    static func testRecord(_ id: String, _ fields: [String: FieldValue]) -> Record {
        var all: [String: FieldValue] = ["name": .text("Edge"), "district": .text("d1")]
        all.merge(fields) { $1 }
        return F.record(.pilotTest, id, all)
    }

    static func input(test: Record, collections: [Record] = []) -> ReportInput {
        ReportInput(tests: [test], collections: collections, districts: F.districts)
    }

    @Test func make_emptyTest_ratesAbsentCountsZero() throws {
        let test = Self.testRecord("e", ["target_kg": .decimal(50), "target_reuse_rate": .decimal(0.3)])
        let report = try ReportBuilder.make(scope: .test("e"), input: Self.input(test: test))
        #expect(report.totals == ReportTally())
        #expect(report.reuseRate == nil && report.valorizationRate == nil)
        #expect(report.divertedKg == 0)
        #expect(report.kgPerInhabitant == 0)
        #expect(report.objectives.map(\.metric) == [.weightKg, .reuseRate])
        #expect(report.objectives[0].actual == 0 && report.objectives[0].achievement == 0)
        #expect(report.objectives[1].actual == nil && report.objectives[1].achievement == nil)
        #expect(report.byOutcome.allSatisfy { $0.tally == ReportTally() })
        #expect(report.byDistrict.isEmpty && report.byPartner.isEmpty)
    }

    @Test func make_noTargets_noObjectives() throws {
        let report = try F.report(.test("t4"))
        #expect(report.objectives.isEmpty)
    }

    @Test func make_zeroTarget_achievementAbsent() throws {
        let test = Self.testRecord("z", ["target_items": .integer(0)])
        let report = try ReportBuilder.make(scope: .test("z"), input: Self.input(test: test))
        #expect(report.objectives.count == 1)
        #expect(report.objectives[0].actual == 0 && report.objectives[0].achievement == nil)
    }

    @Test func make_missingDates_noPerYear() throws {
        let report = try F.report(.test("t4"))
        #expect(report.test?.days == nil)
        #expect(try #require(report.kgPerInhabitant) == 5.0 / 2000)
        #expect(report.kgPerInhabitantPerYear == nil)
    }

    @Test func make_reversedDates_noPerYear() throws {
        let test = Self.testRecord("r", ["starts_on": .text("2026-04-02"), "ends_on": .text("2026-04-01")])
        let collection = F.collection("c", test: "r", category: "tools", kg: 3)
        let report = try ReportBuilder.make(scope: .test("r"), input: Self.input(test: test, collections: [collection]))
        #expect(report.test?.days == nil && report.kgPerInhabitantPerYear == nil)
    }

    @Test func make_oneDayTest_perYearTimes365() throws {
        let test = Self.testRecord("o", ["starts_on": .text("2026-04-01"), "ends_on": .text("2026-04-01")])
        let collection = F.collection("c", test: "o", category: "tools", kg: 2)
        let report = try ReportBuilder.make(scope: .test("o"), input: Self.input(test: test, collections: [collection]))
        #expect(report.test?.days == 1)
        #expect(try #require(report.kgPerInhabitantPerYear) == 2.0 / 2000 * 365)
    }

    @Test(arguments: ["d3", "d4", "d-unknown"])
    func make_noUsablePopulation_perInhabitantAbsent(district: String) throws {
        let test = Self.testRecord("p", ["district": .text(district), "starts_on": .text("2026-01-01"),
            "ends_on": .text("2026-01-31")])
        let collection = F.collection("c", test: "p", category: "tools", kg: 2)
        let report = try ReportBuilder.make(scope: .test("p"), input: Self.input(test: test, collections: [collection]))
        #expect(report.kgPerInhabitant == nil && report.kgPerInhabitantPerYear == nil)
    }

    @Test func make_deletedCollectionsAndTheirTest_neverCount() throws {
        let t1 = try F.report(.test("t1"))
        #expect(F.tally(t1.byCategory, "furniture") == F.t(1, 1, 25.5))  // c7 (deleted, 100 kg) left out
        let d1 = try F.report(.district("d1"))
        #expect(d1.totals.weightKg == 75)  // c10 of deleted t3 left out
    }

    @Test func make_editedCollection_usesCurrentState() throws {
        var input = F.input
        let index = try #require(input.collections.firstIndex { $0.id == "c4" })
        input.collections[index].fields["outcome"] = .text("repaired")
        input.collections[index].fields["weight_kg"] = .decimal(30)
        let report = try F.report(.test("t1"), input)
        #expect(report.totals.weightKg == 80)
        #expect(report.divertedKg == 80)
        #expect(try #require(report.reuseRate) == 65.5 / 80)
        #expect(F.tally(report.byOutcome, "disposed") == F.t(0, 0, 0))
    }

    @Test func make_allPending_reuseZeroDivertedAll() throws {
        let test = Self.testRecord("w", [:])
        let collections = [
            F.collection("a", test: "w", category: "tools", kg: 2, outcome: "pending"),
            F.collection("b", test: "w", category: "tools", kg: 3, outcome: "pending"),
        ]
        let report = try ReportBuilder.make(scope: .test("w"), input: Self.input(test: test, collections: collections))
        #expect(report.reuseRate == 0 && report.valorizationRate == 0)
        #expect(report.divertedKg == 5)
    }

    @Test func make_noWeightAtAll_countsButRatesAbsent() throws {
        let test = Self.testRecord("n", [:])
        let collections = [
            F.collection("a", test: "n", category: "tools", items: 2, outcome: "reused"),
            F.collection("b", test: "n", category: "textiles", outcome: "disposed"),
        ]
        let report = try ReportBuilder.make(scope: .test("n"), input: Self.input(test: test, collections: collections))
        #expect(report.totals == F.t(2, 3, 0))
        #expect(report.collectionsWithoutWeight == 2)
        #expect(report.reuseRate == nil && report.valorizationRate == nil)
        #expect(report.kgPerInhabitant == 0)
    }

    @Test func make_outOfVocabularyValue_keptAfterVocabulary() throws {
        let test = Self.testRecord("v", [:])
        let collections = [F.collection("a", test: "v", category: "spaceships", kg: 1), F.collection("b", test: "v", category: nil, kg: 2)]
        let report = try ReportBuilder.make(scope: .test("v"), input: Self.input(test: test, collections: collections))
        #expect(report.byCategory.map(\.key) == Vocabulary.categories + ["spaceships", "unspecified"])
    }

    @Test func make_absurdValues_doNotTrap() throws {
        let test = Self.testRecord("x", [:])
        var collections: [Record] = []
        for i in 0..<20 {
            collections.append(
                F.record(.collection, "x\(i)", [
                    "test": .text("x"), "category": .text("tools"), "items": .integer(.max),
                    "weight_kg": .decimal(i % 2 == 0 ? 1e300 : -.infinity), "sold_items": .integer(.max),
                ]))
        }
        collections.append(F.record(.collection, "nan", ["test": .text("x"), "weight_kg": .decimal(.nan)]))
        let report = try ReportBuilder.make(scope: .test("x"), input: Self.input(test: test, collections: collections))
        #expect(report.totals.items == .max)
        #expect(report.soldItems == .max)
        #expect(report.totals.milligrams > 0)
        let json = String(decoding: report.json(), as: UTF8.self)
        #expect(!json.contains("nan") && !json.contains("inf"))
    }
}
