/// The two families of indicators beyond goods (contract 1.1): "emplois" and "participation".
///
/// Every figure is nil when its inputs are absent, never 0 or NaN: a scope where no test has
/// `requalified` has no exit-to-employment rate; one without workshops with places has no
/// attendance rate. Counts of records (workshops held) are never absent. District and network
/// scopes sum the tests they cover. See docs/indicators.md, "Jobs" and "Participation".
extension Report {
    /// "Emplois": people in insertion requalified, employed afterwards, jobs created.
    public struct Jobs: Hashable, Sendable {
        /// Sum of `requalified` over the covered tests that have it.
        public var requalified: Int64?
        /// Sum of `employed_after` over the covered tests that have it.
        public var employedAfter: Int64?
        /// Σ employed_after ÷ Σ requalified over the tests that have both; nil when that Σ is 0.
        public var exitToEmployment: Double?
        /// Sum of `jobs_created` over the covered tests that have it.
        public var jobsCreated: Int64?

        public init() {}
    }

    /// "Participation": self-repair workshops, members and partners' satisfaction.
    public struct Participation: Hashable, Sendable {
        /// Live workshops of the covered tests.
        public var workshops = 0
        /// Σ places over the workshops that have it.
        public var places: Int64?
        /// Σ attendees over the workshops that have it.
        public var attendees: Int64?
        /// Σ attendees ÷ Σ places over the workshops that have both; nil when that Σ places is 0.
        public var attendanceRate: Double?
        /// Σ new_members over the workshops that have it.
        public var newMembers: Int64?
        /// Σ members_before / members_after over the covered tests that have it.
        public var membersBefore: Int64?
        public var membersAfter: Int64?
        /// Σ (members_after − members_before) over the tests that have both.
        public var membersGrowth: Int64?
        /// Mean satisfaction (1…5) over the live participations that have one.
        public var satisfaction: Double?
        /// How many participations gave a satisfaction.
        public var satisfactionResponses = 0
        /// Each partner's mean over its participations that have one, sorted by partner id.
        public var satisfactionByPartner: [PartnerSatisfaction] = []

        public init() {}
    }

    /// One partner's satisfaction.
    public struct PartnerSatisfaction: Hashable, Sendable {
        public var id: RecordID
        public var name: String?
        public var mean: Double
        public var responses: Int
    }
}

extension ReportBuilder {
    /// The jobs figures of the covered tests.
    static func jobs(covered: [RecordID: Record]) -> Report.Jobs {
        var jobs = Report.Jobs()
        let tests = covered.keys.sorted().compactMap { covered[$0] }
        jobs.requalified = sum(tests, "requalified")
        jobs.employedAfter = sum(tests, "employed_after")
        jobs.jobsCreated = sum(tests, "jobs_created")
        var employed: Int64 = 0
        var requalified: Int64 = 0
        for test in tests {
            guard let r = test.integer("requalified"), let e = test.integer("employed_after") else { continue }
            requalified &+= r
            employed &+= e
        }
        if requalified > 0 { jobs.exitToEmployment = Double(employed) / Double(requalified) }
        return jobs
    }

    /// The participation figures of the covered tests, their live workshops and participations.
    static func participation(
        covered: [RecordID: Record], workshops: [Record], participations: [Record], partners: [RecordID: Record]
    ) -> Report.Participation {
        var result = Report.Participation()
        let tests = covered.keys.sorted().compactMap { covered[$0] }
        result.membersBefore = sum(tests, "members_before")
        result.membersAfter = sum(tests, "members_after")
        var growth: Int64?
        for test in tests {
            guard let before = test.integer("members_before"), let after = test.integer("members_after") else { continue }
            growth = (growth ?? 0) &+ (after &- before)
        }
        result.membersGrowth = growth
        var ratePlaces: Int64 = 0
        var rateAttendees: Int64 = 0
        for workshop in workshops where !workshop.isDeleted {
            guard let test = workshop.text("test"), covered[test] != nil else { continue }
            result.workshops += 1
            let places = workshop.integer("places")
            let attendees = workshop.integer("attendees")
            if let places { result.places = (result.places ?? 0) &+ places }
            if let attendees { result.attendees = (result.attendees ?? 0) &+ attendees }
            if let newMembers = workshop.integer("new_members") { result.newMembers = (result.newMembers ?? 0) &+ newMembers }
            if let places, let attendees {
                ratePlaces &+= places
                rateAttendees &+= attendees
            }
        }
        if ratePlaces > 0 { result.attendanceRate = Double(rateAttendees) / Double(ratePlaces) }
        var byPartner: [RecordID: (sum: Int64, count: Int)] = [:]
        var total: Int64 = 0
        for participation in participations where !participation.isDeleted {
            guard let test = participation.text("test"), covered[test] != nil,
                let partner = participation.text("partner"), partners[partner]?.isDeleted != true,
                let score = participation.integer("satisfaction"), (1...5).contains(score)
            else { continue }
            total += score
            result.satisfactionResponses += 1
            byPartner[partner, default: (0, 0)].sum += score
            byPartner[partner, default: (0, 0)].count += 1
        }
        if result.satisfactionResponses > 0 { result.satisfaction = Double(total) / Double(result.satisfactionResponses) }
        result.satisfactionByPartner = byPartner.keys.sorted().map { id in
            let entry = byPartner[id]!
            return Report.PartnerSatisfaction(
                id: id, name: partners[id]?.text("name"), mean: Double(entry.sum) / Double(entry.count),
                responses: entry.count)
        }
        return result
    }

    /// Σ of an integer field over the tests that have it; nil when none has it.
    private static func sum(_ tests: [Record], _ field: String) -> Int64? {
        var total: Int64?
        for test in tests { if let value = test.integer(field) { total = (total ?? 0) &+ value } }
        return total
    }
}
