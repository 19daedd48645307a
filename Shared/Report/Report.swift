/// The indicators of a scope, every figure computed, ready to be rendered.
///
/// Made by ``ReportBuilder/make(scope:input:)``; rendered by ``json()``, ``text()``, ``csv()``
/// and ``html(generatedAt:)``. A figure that cannot be computed is nil, never 0 or NaN. See
/// `docs/indicators.md` for every formula.
public struct Report: Hashable, Sendable {
    public var scope: ReportScope
    /// The test, for a `.test` scope.
    public var test: TestInfo?
    /// The test's district for a `.test` scope, the district for a `.district` scope.
    public var district: DistrictInfo?
    /// Number of live tests the report covers.
    public var testCount: Int

    /// All counted collections.
    public var totals: ReportTally
    /// Counted collections that have no `weight_kg` (they add 0 kg, so rates ignore them).
    public var collectionsWithoutWeight: Int
    /// Counted collections that are implausible though valid: outside their test's dates, more
    /// sold than collected, over 1,000 kg per item (``CollectionPlausibility``).
    public var implausibleCollections: Int = 0

    public var byCategory: [ReportEntry]
    public var bySource: [ReportEntry]
    public var byPartner: [ReportEntry]
    public var byOutcome: [ReportEntry]
    public var byDistrict: [ReportEntry]

    /// (reused + repaired) ÷ collected, by weight; nil when nothing was weighed.
    public var reuseRate: Double?
    /// (reused + repaired + recycled) ÷ collected, by weight; nil when nothing was weighed.
    public var valorizationRate: Double?
    /// Collected − disposed kg (pending and unspecified outcomes count as diverted).
    public var divertedKg: Double
    /// Sum of `sold_items`.
    public var soldItems: Int64
    /// Collected kg ÷ population; nil without a single district with a population above 0.
    public var kgPerInhabitant: Double?
    /// ``kgPerInhabitant`` × 365 ÷ test length in days; only for a test with both dates.
    public var kgPerInhabitantPerYear: Double?

    /// The test's objectives that have a target, in the order weight, items, reuse rate, jobs,
    /// attendance rate, members.
    public var objectives: [Objective]
    /// Partners taking part in the covered tests or supplying collections, sorted by id.
    public var partners: [PartnerLine]
    /// "Emplois" and "participation" (see ReportEvaluation.swift).
    public var jobs = Jobs()
    public var participation = Participation()

    /// The test a `.test` report is about.
    public struct TestInfo: Hashable, Sendable {
        public var id: RecordID
        public var name: String?
        public var districtID: RecordID?
        public var startsOn: CivilDate?
        public var endsOn: CivilDate?
        public var status: String?
        /// Length in days, both ends included; nil without both dates or when they are reversed.
        public var days: Int?
    }

    /// A district and the population per-inhabitant figures divide by.
    public struct DistrictInfo: Hashable, Sendable {
        public var id: RecordID
        /// Nil when the district record is unknown or deleted.
        public var name: String?
        public var population: Int64?

        public init(id: RecordID, name: String?, population: Int64?) {
            self.id = id
            self.name = name
            self.population = population
        }
    }

    /// One objective of a test: its target, the actual figure and actual ÷ target.
    public struct Objective: Hashable, Sendable {
        public var metric: Metric
        public var target: Double
        /// Nil when the actual figure cannot be computed (a reuse rate with nothing weighed).
        public var actual: Double?
        /// Actual ÷ target; nil when the target is 0 or the actual is nil.
        public var achievement: Double?

        /// What an objective measures; the raw value is its JSON key.
        public enum Metric: String, Hashable, Sendable, CaseIterable {
            case weightKg = "weight_kg"
            case items = "items"
            case reuseRate = "reuse_rate"
            case jobs = "jobs"
            case attendanceRate = "attendance_rate"
            case members = "members"

            /// The test field holding the target.
            public var targetField: String {
                switch self {
                case .weightKg: return "target_kg"
                case .items: return "target_items"
                case .reuseRate: return "target_reuse_rate"
                case .jobs: return "target_jobs"
                case .attendanceRate: return "target_attendance_rate"
                case .members: return "target_members"
                }
            }
        }
    }

    /// A partner of the covered tests and what it supplied.
    public struct PartnerLine: Hashable, Sendable {
        public var id: RecordID
        /// Nil when the partner record is unknown.
        public var name: String?
        /// Roles of its live participations in vocabulary order; `unspecified` for a participation
        /// without a role; empty for a partner that supplied collections without taking part.
        public var roles: [String]
        /// The counted collections whose `partner` is this partner.
        public var supplied: ReportTally
    }
}
