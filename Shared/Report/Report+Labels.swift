/// Titles and labels the people-facing renderers (text, HTML) share, in the current ``Language``.
/// Names, never raw ids, in titles and tables: the ids are listed once, in ``identifiers``.
extension Report {
    /// A one-line title: `Test “Spring drive”`, `District “Centre”`, `All tests`
    /// (in French `Test « Printemps »`, `Quartier « Centre »`, `Tous les tests`).
    var title: String {
        switch scope {
        case .test(let id):
            return localized("report.title.test", ["name": test?.name.map(Report.nameInQuotes) ?? id])
        case .district(let id):
            return localized("report.title.district", ["name": district?.name.map(Report.nameInQuotes) ?? id])
        case .all:
            return localized("report.title.all")
        }
    }

    /// `“name”` with the quotation marks of the current language.
    static func nameInQuotes(_ name: String) -> String {
        Language.current == .fr ? "«\u{00A0}" + name + "\u{00A0}»" : "\u{201C}" + name + "\u{201D}"
    }

    /// Context lines under the title: district, period, number of tests.
    var subtitleLines: [String] {
        var lines: [String] = []
        if let district, case .test = scope {
            lines.append(localized("report.subtitle.district", ["district": Report.districtLabel(district)]))
        } else if let district {
            lines.append(localized("report.subtitle.population", ["population": Report.population(district)]))
        }
        if let test {
            let from = test.startsOn.map { LocalFormat.date($0.description) } ?? "?"
            let to = test.endsOn.map { LocalFormat.date($0.description) } ?? "?"
            var period = localized("report.subtitle.period", ["from": from, "to": to])
            if let days = test.days {
                period += " " + localized(days == 1 ? "report.subtitle.day" : "report.subtitle.days", ["count": String(days)])
            }
            if let status = test.status {
                period += localized("report.subtitle.status", ["status": Vocabulary.label(status, field: "status")])
            }
            lines.append(period)
        } else {
            lines.append(localized("report.subtitle.tests", ["count": String(testCount)]))
        }
        return lines
    }

    static func districtLabel(_ district: DistrictInfo) -> String {
        (district.name ?? district.id) + ", " + localized("report.population", ["population": population(district)])
    }

    static func population(_ district: DistrictInfo) -> String {
        district.population.map { ReportNumber.integer($0) } ?? ReportNumber.absent
    }

    /// The breakdowns in display order with their section titles, JSON keys and the field whose
    /// vocabulary labels their entries (nil: entries are named records).
    var breakdowns: [(key: String, title: String, column: String, field: String?, entries: [ReportEntry])] {
        [
            ("by_category", localized("report.by.category"), localized("report.column.category"), "category", byCategory),
            ("by_source", localized("report.by.source"), localized("report.column.source"), "source", bySource),
            ("by_outcome", localized("report.by.outcome"), localized("report.column.outcome"), "outcome", byOutcome),
            ("by_partner", localized("report.by.partner"), localized("report.column.partner"), nil, byPartner),
            ("by_district", localized("report.by.district"), localized("report.column.district"), nil, byDistrict),
        ]
    }

    /// What people read for an entry: the vocabulary label of a code, a record's name, or
    /// "unspecified" for collections without a value.
    static func label(_ entry: ReportEntry, field: String?) -> String {
        if entry.key == ReportEntry.unspecifiedKey { return localized("report.unspecified") }
        guard let field else { return entry.label }
        return Vocabulary.label(entry.key, field: field)
    }

    /// A partner's roles as people read them.
    static func roles(_ partner: PartnerLine) -> String {
        guard !partner.roles.isEmpty else { return ReportNumber.absent }
        return partner.roles.map {
            $0 == ReportEntry.unspecifiedKey ? localized("report.unspecified") : Vocabulary.label($0, field: "role")
        }.joined(separator: ", ")
    }

    /// The headline figures as (label, formatted value) pairs, absent ones as `—`.
    func headline(space: String) -> [(String, String)] {
        [
            (localized("report.figure.collections"), ReportNumber.integer(Int64(totals.collections), grouping: space)),
            (localized("report.figure.items"), ReportNumber.integer(totals.items, grouping: space)),
            (localized("report.figure.weight"), ReportNumber.kg(totals.weightKg, grouping: space)),
            (
                localized("report.figure.withoutWeight"),
                ReportNumber.integer(Int64(collectionsWithoutWeight), grouping: space)
            ),
            (
                localized("report.figure.implausible"),
                ReportNumber.integer(Int64(implausibleCollections), grouping: space)
            ),
            (localized("report.figure.reuseRate"), ReportNumber.percent(reuseRate, grouping: space)),
            (localized("report.figure.valorisationRate"), ReportNumber.percent(valorizationRate, grouping: space)),
            (localized("report.figure.diverted"), ReportNumber.kg(divertedKg, grouping: space)),
            (localized("report.figure.sold"), ReportNumber.integer(soldItems, grouping: space)),
            (
                localized("report.figure.perInhabitant"),
                ReportNumber.perInhabitant(kgPerInhabitant, unit: "kg", grouping: space)
            ),
            (
                localized("report.figure.perInhabitantPerYear"),
                ReportNumber.perInhabitant(kgPerInhabitantPerYear, unit: localized("report.unit.kgPerYear"), grouping: space)
            ),
        ]
    }

    /// The ids behind the names of the report, for the appendix: (what, name, id).
    var identifiers: [(kind: String, name: String, id: String)] {
        var rows: [(kind: String, name: String, id: String)] = []
        if let test { rows.append((Vocabulary.kindName(.pilotTest), test.name ?? ReportNumber.absent, test.id)) }
        if let district { rows.append((Vocabulary.kindName(.district), district.name ?? ReportNumber.absent, district.id)) }
        for entry in byDistrict where entry.key != ReportEntry.unspecifiedKey && entry.key != district?.id {
            rows.append((Vocabulary.kindName(.district), entry.label == entry.key ? ReportNumber.absent : entry.label, entry.key))
        }
        for partner in partners {
            rows.append((Vocabulary.kindName(.partner), partner.name ?? ReportNumber.absent, partner.id))
        }
        return rows
    }

    /// A people-facing name for an objective.
    static func label(_ metric: Objective.Metric) -> String {
        switch metric {
        case .weightKg: return localized("report.objective.weight")
        case .items: return localized("report.objective.items")
        case .reuseRate: return localized("report.objective.reuseRate")
        case .jobs: return localized("report.objective.jobs")
        case .attendanceRate: return localized("report.objective.attendanceRate")
        case .members: return localized("report.objective.members")
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
