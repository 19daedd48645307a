import GisementShared
import Testing

/// Every figure of the fixture's test t1, computed by hand (see ReportFixture and docs/indicators.md).
struct ReportBuilderTests {
    typealias F = ReportFixture

    @Test func make_totals_countLiveCollectionsOnly() throws {
        let report = try F.report(.test("t1"))
        #expect(report.totals == F.t(6, 13, 70))
        #expect(report.collectionsWithoutWeight == 1)
        #expect(report.soldItems == 2)
        #expect(report.testCount == 1)
    }

    @Test func make_byCategory_vocabularyOrderWithZeros() throws {
        let report = try F.report(.test("t1"))
        #expect(report.byCategory.map(\.key) == Vocabulary.categories)
        #expect(F.tally(report.byCategory, "electrical") == F.t(2, 3, 30))
        #expect(F.tally(report.byCategory, "textiles") == F.t(2, 8, 14.5))
        #expect(F.tally(report.byCategory, "furniture") == F.t(1, 1, 25.5))
        #expect(F.tally(report.byCategory, "books-media") == F.t(0, 0, 0))
        #expect(F.tally(report.byCategory, "leisure") == F.t(1, 1, 0))
        #expect(F.tally(report.byCategory, "tools") == F.t(0, 0, 0))
    }

    @Test func make_bySource_unspecifiedLast() throws {
        let report = try F.report(.test("t1"))
        #expect(report.bySource.map(\.key) == Vocabulary.sources + ["unspecified"])
        #expect(F.tally(report.bySource, "door-to-door") == F.t(1, 2, 10))
        #expect(F.tally(report.bySource, "drop-off-point") == F.t(1, 5, 4.5))
        #expect(F.tally(report.bySource, "partner-site") == F.t(1, 1, 25.5))
        #expect(F.tally(report.bySource, "event") == F.t(1, 1, 0))
        #expect(F.tally(report.bySource, "waste-center") == F.t(1, 1, 20))
        #expect(F.tally(report.bySource, "other") == F.t(0, 0, 0))
        #expect(F.tally(report.bySource, "unspecified") == F.t(1, 3, 10))
    }

    @Test func make_byPartner_sortedIDsThenUnspecified() throws {
        let report = try F.report(.test("t1"))
        #expect(report.byPartner.map(\.key) == ["p1", "p2", "unspecified"])
        #expect(report.byPartner.map(\.label) == ["Ressourcerie du Centre", "Habitat Social", "unspecified"])
        #expect(F.tally(report.byPartner, "p1") == F.t(2, 2, 20))
        #expect(F.tally(report.byPartner, "p2") == F.t(2, 3, 35.5))
        #expect(F.tally(report.byPartner, "unspecified") == F.t(2, 8, 14.5))
    }

    @Test func make_byOutcome_missingOutcomeIsUnspecified() throws {
        let report = try F.report(.test("t1"))
        #expect(report.byOutcome.map(\.key) == Vocabulary.outcomes + ["unspecified"])
        #expect(F.tally(report.byOutcome, "pending") == F.t(1, 1, 0))
        #expect(F.tally(report.byOutcome, "reused") == F.t(1, 2, 10))
        #expect(F.tally(report.byOutcome, "repaired") == F.t(1, 1, 25.5))
        #expect(F.tally(report.byOutcome, "recycled") == F.t(1, 5, 4.5))
        #expect(F.tally(report.byOutcome, "disposed") == F.t(1, 1, 20))
        #expect(F.tally(report.byOutcome, "unspecified") == F.t(1, 3, 10))
    }

    @Test func make_byDistrict_collectionDistrictElseTestDistrict() throws {
        let report = try F.report(.test("t1"))
        #expect(report.byDistrict.map(\.key) == ["d1", "d2"])
        #expect(report.byDistrict.map(\.label) == ["Centre", "Nord"])
        #expect(F.tally(report.byDistrict, "d1") == F.t(5, 12, 44.5))
        #expect(F.tally(report.byDistrict, "d2") == F.t(1, 1, 25.5))
    }

    @Test func make_rates_byWeight() throws {
        let report = try F.report(.test("t1"))
        #expect(try #require(report.reuseRate) == 35.5 / 70)
        #expect(try #require(report.valorizationRate) == 40.0 / 70)
        #expect(report.divertedKg == 50)
    }

    @Test func make_perInhabitant_usesTestDistrictAndLength() throws {
        let report = try F.report(.test("t1"))
        #expect(report.district == Report.DistrictInfo(id: "d1", name: "Centre", population: 2000))
        #expect(report.test?.days == 31)
        #expect(try #require(report.kgPerInhabitant) == 70.0 / 2000)
        #expect(abs(try #require(report.kgPerInhabitantPerYear) - 0.035 * 365 / 31) < 1e-12)
    }

    @Test func make_objectives_actualAndAchievement() throws {
        let report = try F.report(.test("t1"))
        #expect(report.objectives.map(\.metric) == [.weightKg, .items, .reuseRate])
        let weight = report.objectives[0]
        #expect(weight.target == 100 && weight.actual == 70 && weight.achievement == 0.7)
        let items = report.objectives[1]
        #expect(items.target == 20 && items.actual == 13 && items.achievement == 0.65)
        let reuse = report.objectives[2]
        #expect(reuse.target == 0.5 && reuse.actual == 35.5 / 70)
        #expect(abs(try #require(reuse.achievement) - 35.5 / 70 / 0.5) < 1e-12)
    }

    @Test func make_partners_rolesAndSupplies() throws {
        let report = try F.report(.test("t1"))
        // p3 is deleted and the participation t1.p4 is deleted: neither appears.
        #expect(report.partners.map(\.id) == ["p1", "p2"])
        #expect(report.partners[0].name == "Ressourcerie du Centre")
        #expect(report.partners[0].roles == ["collector"])
        #expect(report.partners[0].supplied == F.t(2, 2, 20))
        #expect(report.partners[1].roles == ["supplier"])
        #expect(report.partners[1].supplied == F.t(2, 3, 35.5))
    }

    @Test func make_inputOrder_doesNotChangeTheReport() throws {
        var shuffled = F.input
        shuffled.collections.reverse()
        shuffled.participations.shuffle()
        shuffled.tests.reverse()
        #expect(try F.report(.test("t1"), shuffled) == F.report(.test("t1")))
        #expect(try F.report(.all, shuffled).json() == F.report(.all).json())
    }
}
