/// The records a report is computed from: a snapshot of current-state records, grouped by kind.
///
/// A store fills it from its current-state tables. The builder filters again (deleted records,
/// records outside the scope), so giving *more* records than needed never changes the result;
/// giving fewer does. What each scope needs:
///
/// Workshops follow collections: `test = T`, `test IN` the district's tests, or all.
///
/// | scope | tests | collections | participations | partners | districts |
/// |---|---|---|---|---|---|
/// | `.test(T)` | T | `test = T` | `test = T` | ids named by those participations and collections (names only) | T's district (population), ids named by the collections (names only) |
/// | `.district(D)` | `district = D` | `test IN` those tests | `test IN` those tests | as above | D, ids named by the collections (names only) |
/// | `.all` | all | all | all | all | all |
///
/// Deleted records may be included or left out: they never count. "Names only" records only
/// give display names in text and HTML; when missing the id is shown and the JSON is unchanged
/// except for the `name` of a partner in `partners` (null).
///
/// ```swift
/// let input = ReportInput(records: store.currentRecords(for: .test("t-42")))
/// ```
public struct ReportInput: Sendable {
    /// Test records (kind `test`).
    public var tests: [Record]
    /// Collection records.
    public var collections: [Record]
    /// More collections, reduced to the fields the report reads; counted together with `collections`.
    public var collectionFacts: [CollectionFacts] = []
    /// Participation records (partner roles in tests).
    public var participations: [Record]
    /// Partner records (names; a deleted partner's participations do not count).
    public var partners: [Record]
    /// District records (names and the population per-inhabitant figures divide by).
    public var districts: [Record]
    /// Workshop records of the covered tests (self-repair workshops: attendance, new members).
    public var workshops: [Record] = []

    /// A snapshot from lists already sorted by kind.

    public init(
        tests: [Record] = [], collections: [Record] = [], participations: [Record] = [],
        partners: [Record] = [], districts: [Record] = []
    ) {
        self.tests = tests
        self.collections = collections
        self.participations = participations
        self.partners = partners
        self.districts = districts
    }

    /// Sorts records of any kinds into their lists.
    public init<S: Sequence>(records: S) where S.Element == Record {
        self.init()
        for record in records { append(record) }
    }

    /// Adds one record to the list of its kind.
    public mutating func append(_ record: Record) {
        switch record.kind {
        case .pilotTest: tests.append(record)
        case .collection: collections.append(record)
        case .participation: participations.append(record)
        case .partner: partners.append(record)
        case .district: districts.append(record)
        case .workshop: workshops.append(record)
        }
    }
}
