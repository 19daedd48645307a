extension ReportBuilder {
    /// The sums over the counted collections, keyed by text (see ``CodedSums`` for how they are
    /// summed); a key is present when at least one collection counted under it.
    struct Accumulator {
        var totals = ReportTally()
        var withoutWeight = 0
        var soldItems: Int64 = 0
        var category: [String: ReportTally] = [:]
        var source: [String: ReportTally] = [:]
        var partner: [String: ReportTally] = [:]
        var outcome: [String: ReportTally] = [:]
        var district: [String: ReportTally] = [:]
    }

    /// Rates, diverted weight and per-inhabitant figures.
    static func computeRatios(_ report: inout Report, sums: Accumulator) {
        let collected = sums.totals.milligrams
        func outcomeMg(_ key: String) -> Int64 { sums.outcome[key]?.milligrams ?? 0 }
        let reused = ReportTally.saturatingAdd(outcomeMg("reused"), outcomeMg("repaired"))
        let valorised = ReportTally.saturatingAdd(reused, outcomeMg("recycled"))
        if collected > 0 {
            report.reuseRate = Double(reused) / Double(collected)
            report.valorizationRate = Double(valorised) / Double(collected)
        }
        report.divertedKg = Double(max(0, collected - outcomeMg("disposed"))) / 1_000_000
        switch report.scope {
        case .test, .district:
            if let population = report.district?.population, population > 0 {
                let perInhabitant = sums.totals.weightKg / Double(population)
                report.kgPerInhabitant = perInhabitant
                if case .test = report.scope, let days = report.test?.days {
                    report.kgPerInhabitantPerYear = perInhabitant * 365 / Double(days)
                }
            }
        case .all:
            break
        }
    }

    /// The objectives set on the test, with actual figures and achievement.
    static func objectives(of test: Record, report: Report) -> [Report.Objective] {
        var result: [Report.Objective] = []
        for metric in Report.Objective.Metric.allCases {
            guard let target = test.number(metric.targetField), target.isFinite else { continue }
            let actual: Double?
            switch metric {
            case .weightKg: actual = report.totals.weightKg
            case .items: actual = Double(report.totals.items)
            case .reuseRate: actual = report.reuseRate
            case .jobs: actual = report.jobs.jobsCreated.map(Double.init)
            case .attendanceRate: actual = report.participation.attendanceRate
            case .members: actual = report.participation.membersAfter.map(Double.init)
            }
            let achievement = actual.flatMap { target != 0 ? $0 / target : nil }
            result.append(Report.Objective(metric: metric, target: target, actual: actual, achievement: achievement))
        }
        return result
    }

    /// Partners with a live participation in a covered test, or that supplied counted collections.
    static func partnerLines(
        _ participations: [Record], covered: [RecordID: Record], partners: [RecordID: Record],
        supplied: [String: ReportTally]
    ) -> [Report.PartnerLine] {
        var roles: [RecordID: Set<String>] = [:]
        for participation in participations where !participation.isDeleted {
            guard let testID = participation.text("test"), covered[testID] != nil,
                let partnerID = participation.text("partner"), partners[partnerID]?.isDeleted != true
            else { continue }
            roles[partnerID, default: []].insert(participation.text("role") ?? ReportEntry.unspecifiedKey)
        }
        var ids = Set(roles.keys)
        for key in supplied.keys where key != ReportEntry.unspecifiedKey { ids.insert(key) }
        let roleOrder = Vocabulary.roles + [ReportEntry.unspecifiedKey]
        return ids.sorted().map { id in
            let set = roles[id] ?? []
            let known = roleOrder.filter { set.contains($0) }
            let others = set.subtracting(roleOrder).sorted()
            return Report.PartnerLine(
                id: id, name: partners[id]?.text("name"), roles: others.isEmpty ? known : known + others,
                supplied: supplied[id] ?? ReportTally())
        }
    }
}
