/// Titles and labels the people-facing renderers (text, HTML) share.
extension Report {
    /// A one-line title: `Test "Spring drive" (t-42)`, `District "Centre" (d-1)`, `All tests`.
    var title: String {
        switch scope {
        case .test(let id):
            return test?.name.map { "Test \u{201C}\($0)\u{201D} (\(id))" } ?? "Test \(id)"
        case .district(let id):
            return district?.name.map { "District \u{201C}\($0)\u{201D} (\(id))" } ?? "District \(id)"
        case .all:
            return "All tests"
        }
    }

    /// Context lines under the title: district, period, number of tests.
    var subtitleLines: [String] {
        var lines: [String] = []
        if let district, case .test = scope {
            lines.append("District: " + Report.districtLabel(district))
        } else if let district {
            lines.append("Population: " + (district.population.map { ReportNumber.integer($0) } ?? ReportNumber.absent))
        }
        if let test {
            let from = test.startsOn?.description ?? "?"
            let to = test.endsOn?.description ?? "?"
            var period = "Period: \(from) to \(to)"
            if let days = test.days { period += " (\(days) day\(days == 1 ? "" : "s"))" }
            if let status = test.status { period += ", status \(status)" }
            lines.append(period)
        } else {
            lines.append("Tests covered: \(testCount)")
        }
        return lines
    }

    static func districtLabel(_ district: DistrictInfo) -> String {
        var text = (district.name.map { "\($0) (\(district.id))" } ?? district.id)
        text += ", population " + (district.population.map { ReportNumber.integer($0) } ?? ReportNumber.absent)
        return text
    }

    /// The breakdowns in display order with their section titles and JSON keys.
    var breakdowns: [(key: String, title: String, column: String, entries: [ReportEntry])] {
        [
            ("by_category", "By category", "category", byCategory),
            ("by_source", "By source", "source", bySource),
            ("by_outcome", "By outcome", "outcome", byOutcome),
            ("by_partner", "By supplying partner", "partner", byPartner),
            ("by_district", "By district", "district", byDistrict),
        ]
    }

    /// The headline figures as (label, formatted value) pairs, absent ones as `—`.
    func headline(space: String) -> [(String, String)] {
        [
            ("Collections", ReportNumber.integer(Int64(totals.collections), grouping: space)),
            ("Items", ReportNumber.integer(totals.items, grouping: space)),
            ("Weight", ReportNumber.kg(totals.weightKg, grouping: space)),
            ("Collections without weight", ReportNumber.integer(Int64(collectionsWithoutWeight), grouping: space)),
            ("Reuse rate", ReportNumber.percent(reuseRate, grouping: space)),
            ("Valorisation rate", ReportNumber.percent(valorizationRate, grouping: space)),
            ("Diverted from waste", ReportNumber.kg(divertedKg, grouping: space)),
            ("Items sold", ReportNumber.integer(soldItems, grouping: space)),
            ("Per inhabitant", ReportNumber.perInhabitant(kgPerInhabitant, unit: "kg", grouping: space)),
            (
                "Per inhabitant per year",
                ReportNumber.perInhabitant(kgPerInhabitantPerYear, unit: "kg/year", grouping: space)
            ),
        ]
    }

    /// A people-facing name for an objective.
    static func label(_ metric: Objective.Metric) -> String {
        switch metric {
        case .weightKg: return "Weight collected"
        case .items: return "Items collected"
        case .reuseRate: return "Reuse rate"
        case .jobs: return "Jobs created"
        case .attendanceRate: return "Workshop attendance rate"
        case .members: return "Members at the end"
        }
    }

    /// Target or actual of an objective formatted in its unit.
    static func format(_ metric: Objective.Metric, _ value: Double?, space: String) -> String {
        switch metric {
        case .weightKg: return ReportNumber.kg(value, grouping: space)
        case .items, .jobs, .members:
            return value.map { ReportNumber.decimal($0, places: 0, grouping: space) } ?? ReportNumber.absent
        case .reuseRate, .attendanceRate: return ReportNumber.percent(value, grouping: space)
        }
    }

    /// Share of the total weight, or `—` when nothing was weighed.
    func share(_ tally: ReportTally, space: String) -> String {
        guard totals.milligrams > 0 else { return ReportNumber.absent }
        return ReportNumber.percent(Double(tally.milligrams) / Double(totals.milligrams), grouping: space)
    }
}
