/// A report being built: set up from the scope and the small records (tests, districts, partners,
/// participations), fed collections one at a time, then finished into a ``Report``.
///
/// This is how ``ReportBuilder/make(scope:input:)`` works, open to a store that streams its
/// collections rather than materialising them: the figures are the same, byte for byte, because
/// the rules live here (a deleted collection or one of an uncovered test does not count, `items`
/// defaults to 1, weight is summed in milligrams, a collection without a district counts in its
/// test's district).
///
/// ```swift
/// var draft = try ReportDraft(scope: .test("t-42"), input: ReportInput(tests: [test], districts: districts))
/// for facts in collections { draft.add(facts) }
/// let report = draft.finish()
/// ```
public struct ReportDraft {
    let scope: ReportScope
    let coverage: ReportBuilder.Coverage
    let input: ReportInput
    let partners: [RecordID: Record]
    let districts: [RecordID: Record]

    /// Every text given a code, by code.
    private var texts: [String] = []
    private var codes: [String: Int32] = [:]
    /// By code: the district code a collection of that test counts in when it has none, or
    /// ``notCovered`` when the text is not a covered test's id.
    private var fallbackDistrict: [Int32] = []
    private var sums = CodedSums()
    private var unspecified: Int32 = 0
    private static let notCovered: Int32 = -1
    /// By code of a covered test: its first and last day, for the plausibility count.
    private var testDays: [Int32: (startsOn: CivilDate?, endsOn: CivilDate?)] = [:]
    /// Counted collections that are implausible (``CollectionPlausibility``).
    private(set) var implausible = 0

    /// Starts the report of `scope`.
    ///
    /// - Parameters:
    ///   - scope: the test, district or everything to report on.
    ///   - input: the scope's tests, districts, partners and participations (see ``ReportInput``);
    ///     its collections, if any, are *not* added: pass them to ``add(_:)-(CollectionFacts)``.
    /// - Throws: ``ReportError`` when the scope's test or district is unknown or deleted.
    public init(scope: ReportScope, input: ReportInput) throws(ReportError) {
        self.scope = scope
        self.input = input
        let districts = ReportBuilder.index(input.districts)
        self.coverage = try ReportBuilder.coverage(of: scope, tests: ReportBuilder.index(input.tests), districts: districts)
        self.partners = ReportBuilder.index(input.partners)
        self.districts = districts
        unspecified = code(for: ReportEntry.unspecifiedKey)
        // Every covered test gets its code now, so a text first seen later is never a covered test.
        for (id, test) in coverage.covered {
            let testCode = code(for: id)
            fallbackDistrict[Int(testCode)] = code(for: test.text("district") ?? ReportEntry.unspecifiedKey)
            testDays[testCode] = (test.text("starts_on").flatMap(CivilDate.init), test.text("ends_on").flatMap(CivilDate.init))
        }
    }

    /// The code standing for `text` in ``CodedCollection``s given to this draft (and no other).
    public mutating func code(for text: String) -> Int32 {
        if let code = codes[text] { return code }
        let code = Int32(texts.count)
        texts.append(text)
        codes[text] = code
        fallbackDistrict.append(Self.notCovered)
        sums.appendCode()
        return code
    }

    /// Counts one collection, if it is live and belongs to a covered test.
    public mutating func add(_ collection: CodedCollection) {
        guard !collection.isDeleted, collection.test != CodedCollection.missing else { return }
        let fallback = fallbackDistrict[Int(collection.test)]
        guard fallback != Self.notCovered else { return }
        let district = collection.district != CodedCollection.missing ? collection.district : fallback
        sums.add(collection, district: district, unspecified: unspecified)
        if isImplausible(collection) { implausible += 1 }
    }

    /// Whether ``CollectionPlausibility`` has a concern about the collection.
    private func isImplausible(_ collection: CodedCollection) -> Bool {
        let days = testDays[collection.test]
        return !CollectionPlausibility.concerns(
            collectedAt: collection.collectedAt, items: collection.items, weightKg: collection.weightKg,
            soldItems: collection.soldItems, startsOn: days?.startsOn ?? nil, endsOn: days?.endsOn ?? nil
        ).isEmpty
    }

    /// Counts one collection given by its facts, if it is live and belongs to a covered test.
    public mutating func add(_ facts: CollectionFacts) {
        func code(_ text: String?) -> Int32 { text.map { self.code(for: $0) } ?? CodedCollection.missing }
        add(
            CodedCollection(
                test: code(facts.test), district: code(facts.district), partner: code(facts.partner),
                category: code(facts.category), source: code(facts.source), outcome: code(facts.outcome),
                items: facts.items, weightKg: facts.weightKg, soldItems: facts.soldItems,
                collectedAt: facts.collectedAt.flatMap(ZonedDateTime.init)?.epochSeconds, isDeleted: facts.isDeleted))
    }

    /// The report of every collection added so far.
    public func finish() -> Report {
        ReportBuilder.report(of: self, sums: sums.decoded(texts: texts))
    }
}
