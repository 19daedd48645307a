/// Computes a ``Report`` from current-state records: the one implementation of the indicators,
/// shared by the field client and the server so that both give the same figures.
///
/// Pure: no I/O, no clock. Deleted records never count: a deleted collection, a deleted
/// participation, a participation of a deleted partner, and every collection of a deleted test.
///
/// ```swift
/// let report = try ReportBuilder.make(scope: .test("t-42"), input: input)
/// let body = report.json()
/// ```
public enum ReportBuilder {
    /// Builds the report of `scope` from `input` (which may hold more records than needed).
    ///
    /// - Parameters:
    ///   - scope: the test, district or everything to report on.
    ///   - input: current-state records; see ``ReportInput`` for which ones each scope needs.
    /// - Throws: ``ReportError`` when the scope's test or district is unknown or deleted.
    public static func make(scope: ReportScope, input: ReportInput) throws(ReportError) -> Report {
        var draft = try ReportDraft(scope: scope, input: input)
        for collection in input.collections { draft.add(CollectionFacts(collection)) }
        for facts in input.collectionFacts { draft.add(facts) }
        return draft.finish()
    }

    /// What a scope covers: its tests, and the test and district its header describes.
    struct Coverage {
        var test: Record?
        var district: Report.DistrictInfo?
        var covered: [RecordID: Record] = [:]
    }

    /// The live tests `scope` covers.
    /// - Throws: ``ReportError`` when the scope's test or district is unknown or deleted.
    static func coverage(
        of scope: ReportScope, tests: [RecordID: Record], districts: [RecordID: Record]
    ) throws(ReportError) -> Coverage {
        var coverage = Coverage()
        switch scope {
        case .test(let id):
            guard let test = tests[id] else { throw ReportError(kind: .pilotTest, id: id, isDeleted: false) }
            guard !test.isDeleted else { throw ReportError(kind: .pilotTest, id: id, isDeleted: true) }
            coverage.test = test
            coverage.covered[id] = test
            if let districtID = test.text("district") {
                coverage.district = info(districtID: districtID, districts: districts)
            }
        case .district(let id):
            for test in tests.values where !test.isDeleted && test.text("district") == id {
                coverage.covered[test.id] = test
            }
            if let district = districts[id], district.isDeleted {
                throw ReportError(kind: .district, id: id, isDeleted: true)
            }
            guard districts[id] != nil || !coverage.covered.isEmpty else {
                throw ReportError(kind: .district, id: id, isDeleted: false)
            }
            coverage.district = info(districtID: id, districts: districts)
        case .all:
            for test in tests.values where !test.isDeleted { coverage.covered[test.id] = test }
        }
        return coverage
    }

    /// The report from the sums of a draft's collections.
    static func report(of draft: ReportDraft, sums: Accumulator) -> Report {
        let (scope, coverage, partners, districts) = (draft.scope, draft.coverage, draft.partners, draft.districts)
        var report = Report(
            scope: scope, test: coverage.test.map(testInfo), district: coverage.district,
            testCount: coverage.covered.count, totals: sums.totals, collectionsWithoutWeight: sums.withoutWeight,
            byCategory: ordered(sums.category, vocabulary: Vocabulary.categories),
            bySource: ordered(sums.source, vocabulary: Vocabulary.sources),
            byPartner: ordered(sums.partner, vocabulary: [], labels: { partners[$0]?.text("name") }),
            byOutcome: ordered(sums.outcome, vocabulary: Vocabulary.outcomes),
            byDistrict: ordered(sums.district, vocabulary: [], labels: { districts[$0]?.text("name") }),
            reuseRate: nil, valorizationRate: nil, divertedKg: 0, soldItems: sums.soldItems,
            kgPerInhabitant: nil, kgPerInhabitantPerYear: nil, objectives: [], partners: [])
        report.implausibleCollections = draft.implausible
        computeRatios(&report, sums: sums)
        report.jobs = jobs(covered: coverage.covered)
        report.participation = participation(
            covered: coverage.covered, workshops: draft.input.workshops, participations: draft.input.participations,
            partners: partners)
        if let test = coverage.test { report.objectives = objectives(of: test, report: report) }
        report.partners = partnerLines(
            draft.input.participations, covered: coverage.covered, partners: partners, supplied: sums.partner)
        return report
    }

    /// Records by id; a later duplicate replaces an earlier one.
    static func index(_ records: [Record]) -> [RecordID: Record] {
        var byID: [RecordID: Record] = [:]
        byID.reserveCapacity(records.count)
        for record in records { byID[record.id] = record }
        return byID
    }

    static func info(districtID: RecordID, districts: [RecordID: Record]) -> Report.DistrictInfo {
        guard let district = districts[districtID], !district.isDeleted else {
            return Report.DistrictInfo(id: districtID, name: nil, population: nil)
        }
        return Report.DistrictInfo(id: districtID, name: district.text("name"), population: district.integer("population"))
    }

    static func testInfo(_ test: Record) -> Report.TestInfo {
        let starts = test.text("starts_on").flatMap { CivilDate($0) }
        let ends = test.text("ends_on").flatMap { CivilDate($0) }
        var days: Int?
        if let starts, let ends, ends >= starts { days = ends.daysSinceEpoch - starts.daysSinceEpoch + 1 }
        return Report.TestInfo(
            id: test.id, name: test.text("name"), districtID: test.text("district"), startsOn: starts,
            endsOn: ends, status: test.text("status"), days: days)
    }

    /// Entries in vocabulary order (every vocabulary value, even at zero), then values outside the
    /// vocabulary sorted, then `unspecified` when some collections had no value.
    static func ordered(
        _ sums: [String: ReportTally], vocabulary: [String], labels: (String) -> String? = { _ in nil }
    ) -> [ReportEntry] {
        var entries = vocabulary.map { ReportEntry(key: $0, tally: sums[$0] ?? ReportTally()) }
        let known = Set(vocabulary)
        let others = sums.keys.filter { !known.contains($0) && $0 != ReportEntry.unspecifiedKey }.sorted()
        entries += others.map { ReportEntry(key: $0, label: labels($0), tally: sums[$0]!) }
        if let unspecified = sums[ReportEntry.unspecifiedKey] {
            entries.append(ReportEntry(key: ReportEntry.unspecifiedKey, tally: unspecified))
        }
        return entries
    }
}
