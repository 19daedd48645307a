import GisementShared
import Testing

/// District and all scopes, and the errors for an unknown or deleted test or district.
struct ReportBuilderScopeTests {
    typealias F = ReportFixture

    @Test func make_districtScope_coversLiveTestsOfTheDistrict() throws {
        let report = try F.report(.district("d1"))
        // t1 and t4; t3 is deleted, so c10 does not count.
        #expect(report.testCount == 2)
        #expect(report.test == nil)
        #expect(report.totals == F.t(7, 14, 75))
        #expect(try #require(report.reuseRate) == 40.5 / 75)
        #expect(try #require(report.kgPerInhabitant) == 75.0 / 2000)
        #expect(report.kgPerInhabitantPerYear == nil)
        #expect(report.objectives.isEmpty)
        #expect(report.byDistrict.map(\.key) == ["d1", "d2"])
        #expect(F.tally(report.byDistrict, "d1") == F.t(6, 13, 49.5))
        #expect(report.partners.map(\.id) == ["p1", "p2"])
    }

    @Test func make_districtScope_otherDistrictsPopulation() throws {
        let report = try F.report(.district("d2"))
        #expect(report.totals == F.t(1, 4, 8))
        #expect(try #require(report.kgPerInhabitant) == 8.0 / 500)
        #expect(report.partners.map(\.roles) == [["repairer"]])
    }

    @Test func make_allScope_everyLiveTestNoPerInhabitant() throws {
        let report = try F.report(.all)
        // t1 + t2 + t4; c11 names an unknown test and does not count.
        #expect(report.testCount == 3)
        #expect(report.totals == F.t(8, 18, 83))
        #expect(try #require(report.reuseRate) == 48.5 / 83)
        #expect(report.kgPerInhabitant == nil)
        #expect(report.kgPerInhabitantPerYear == nil)
        #expect(report.district == nil)
        #expect(report.partners.map(\.id) == ["p1", "p2"])
        #expect(report.partners[0].roles == ["collector", "repairer"])
        #expect(report.partners[0].supplied == F.t(3, 6, 28))
    }

    @Test func make_unknownTest_throwsNotFound() {
        #expect(throws: ReportError(kind: .pilotTest, id: "nope", isDeleted: false)) {
            try F.report(.test("nope"))
        }
    }

    @Test func make_deletedTest_throwsDeleted() {
        #expect(throws: ReportError(kind: .pilotTest, id: "t3", isDeleted: true)) { try F.report(.test("t3")) }
    }

    @Test func make_unknownDistrict_throwsNotFound() {
        #expect(throws: ReportError(kind: .district, id: "d9", isDeleted: false)) { try F.report(.district("d9")) }
    }

    @Test func make_districtWithoutTests_isAnEmptyReport() throws {
        let report = try F.report(.district("d3"))
        #expect(report.testCount == 0)
        #expect(report.totals == ReportTally())
        #expect(report.kgPerInhabitant == nil)
    }

    @Test func make_deletedDistrict_throwsDeleted() {
        var input = F.input
        input.districts.append(F.record(.district, "d1", ["name": .text("Centre"), "deleted": .bool(true)]))
        #expect(throws: ReportError(kind: .district, id: "d1", isDeleted: true)) { try F.report(.district("d1"), input) }
    }

    @Test func make_emptyStore_allScopeIsEmpty() throws {
        let report = try ReportBuilder.make(scope: .all, input: ReportInput())
        #expect(report.totals == ReportTally())
        #expect(report.reuseRate == nil)
        #expect(report.partners.isEmpty)
        #expect(report.byPartner.isEmpty)
    }

    @Test func input_recordsInit_sortsByKind() {
        let input = ReportInput(records: F.tests + F.collections + F.districts + F.partners + F.participations)
        #expect(input.tests.count == F.tests.count)
        #expect(input.collections.count == F.collections.count)
        #expect(input.districts.count == F.districts.count)
        #expect(input.partners.count == F.partners.count)
        #expect(input.participations.count == F.participations.count)
    }
}
