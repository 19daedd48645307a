/// How the "Jobs" and "Participation" sections render in each format: one list of figures
/// (key, label, value) read by the text, CSV and HTML forms, and the JSON objects.
extension Report {
    /// A figure of the two sections: a count, a rate (fraction) or a mean score.
    enum EvaluationValue {
        case count(Int64?)
        case rate(Double?)
        case score(Double?)

        func text(space: String) -> String {
            switch self {
            case .count(let v): return v.map { ReportNumber.integer($0, grouping: space) } ?? ReportNumber.absent
            case .rate(let v): return ReportNumber.percent(v, grouping: space)
            case .score(let v):
                return v.map { ReportNumber.decimal($0, places: 1, grouping: space, mark: LocalFormat.decimalMark) + " / 5" }
                    ?? ReportNumber.absent
            }
        }

        var cell: String {
            switch self {
            case .count(let v): return v.map { String($0) } ?? ""
            case .rate(let v), .score(let v): return Report.cell(v, places: 4)
            }
        }

        var json: JSONValue {
            switch self {
            case .count(let v): return v.map(JSONValue.integer) ?? .null
            case .rate(let v), .score(let v): return Report.fraction(v)
            }
        }
    }

    /// The "Jobs" figures in display order.
    var jobsFigures: [(key: String, label: String, value: EvaluationValue)] { Report.figures(jobs) }

    static func figures(_ jobs: Jobs) -> [(key: String, label: String, value: EvaluationValue)] {
        [
            ("requalified", localized("report.jobs.requalified"), .count(jobs.requalified)),
            ("employed_after", localized("report.jobs.employedAfter"), .count(jobs.employedAfter)),
            ("exit_to_employment", localized("report.jobs.exitToEmployment"), .rate(jobs.exitToEmployment)),
            ("jobs_created", localized("report.jobs.jobsCreated"), .count(jobs.jobsCreated)),
        ]
    }

    /// The "Participation" figures in display order.
    var participationFigures: [(key: String, label: String, value: EvaluationValue)] {
        Report.figures(participation)
    }

    static func figures(_ p: Participation) -> [(key: String, label: String, value: EvaluationValue)] {
        [
            ("workshops", localized("report.participation.workshops"), .count(Int64(p.workshops))),
            ("places", localized("report.participation.places"), .count(p.places)),
            ("attendees", localized("report.participation.attendees"), .count(p.attendees)),
            ("attendance_rate", localized("report.participation.attendanceRate"), .rate(p.attendanceRate)),
            ("new_members", localized("report.participation.newMembers"), .count(p.newMembers)),
            ("members_before", localized("report.participation.membersBefore"), .count(p.membersBefore)),
            ("members_after", localized("report.participation.membersAfter"), .count(p.membersAfter)),
            ("members_growth", localized("report.participation.membersGrowth"), .count(p.membersGrowth)),
            ("satisfaction", localized("report.participation.satisfaction"), .score(p.satisfaction)),
            (
                "satisfaction_responses", localized("report.participation.responses"),
                .count(Int64(p.satisfactionResponses))
            ),
        ]
    }

    /// The `jobs` object of the JSON form.
    public static func json(jobs: Jobs) -> JSONValue {
        var object = JSONObject()
        for figure in figures(jobs) { object[figure.key] = figure.value.json }
        return .object(object)
    }

    /// The `participation` object of the JSON form.
    public static func json(participation: Participation) -> JSONValue {
        var object = JSONObject()
        for figure in figures(participation) {
            object[figure.key] = figure.value.json
        }
        object["satisfaction_by_partner"] = .array(
            participation.satisfactionByPartner.map { line in
                .object([
                    "id": .string(line.id), "name": line.name.map(JSONValue.string) ?? .null,
                    "satisfaction": fraction(line.mean), "responses": .integer(Int64(line.responses)),
                ])
            })
        return .object(object)
    }

    /// The CSV tables `jobs`, `participation` and `satisfaction_by_partner`.
    func evaluationTables() -> [[[String]]] {
        var jobsRows = [["jobs", "value"]]
        for figure in jobsFigures { jobsRows.append([figure.key, figure.value.cell]) }
        var participationRows = [["participation", "value"]]
        for figure in participationFigures { participationRows.append([figure.key, figure.value.cell]) }
        var partnerRows = [["satisfaction_by_partner", "name", "satisfaction", "responses"]]
        for line in participation.satisfactionByPartner {
            partnerRows.append([
                line.id, line.name.map(Report.cell(text:)) ?? "", Report.cell(line.mean, places: 4), String(line.responses),
            ])
        }
        return [jobsRows, participationRows, partnerRows]
    }

    /// The text sections "Jobs" and "Participation".
    func evaluationTextLines() -> [String] {
        var lines: [String] = []
        for (title, figures) in [
            (localized("report.section.jobs"), jobsFigures), (localized("report.section.participation"), participationFigures),
        ] {
            lines.append("")
            lines.append(title)
            var table = ReportTextTable(
                headers: [localized("report.column.figure"), localized("report.column.value")], rightAligned: [1])
            for figure in figures { table.append([figure.label, figure.value.text(space: " ")]) }
            lines += table.lines()
        }
        if !participation.satisfactionByPartner.isEmpty {
            lines.append("")
            lines.append(localized("report.satisfactionByPartner"))
            var table = ReportTextTable(
                headers: ["partner", "satisfaction", "answers"].map { localized("report.column." + $0) }, rightAligned: [1, 2])
            for line in participation.satisfactionByPartner {
                table.append([
                    line.name ?? line.id, EvaluationValue.score(line.mean).text(space: " "), String(line.responses),
                ])
            }
            lines += table.lines()
        }
        return lines
    }

    /// The HTML sections "Jobs" and "Participation".
    func evaluationSections() -> String {
        let s = ReportMarkup.space
        var html = ""
        for (isParticipation, title, figures) in [
            (false, localized("report.section.jobs"), jobsFigures),
            (true, localized("report.section.participation"), participationFigures),
        ] {
            html += "<section class=\"keep\">\n<h2>\(ReportMarkup.words(title))</h2>\n<ul class=\"cards\">\n"
            for figure in figures {
                html += "<li class=\"card\"><span class=\"k\">\(ReportMarkup.words(figure.label))</span>"
                html += "<span class=\"v\">\(ReportMarkup.escape(figure.value.text(space: s)))</span></li>\n"
            }
            html += "</ul>\n"
            if isParticipation, !participation.satisfactionByPartner.isEmpty {
                html += "<table>\n<caption>\(ReportMarkup.words(localized("report.satisfactionByPartner")))</caption>\n"
                html += "<thead><tr><th>\(ReportMarkup.words(localized("report.column.partner")))</th>"
                html += "<th class=\"n\">\(ReportMarkup.words(localized("report.column.satisfaction")))</th>"
                html += "<th class=\"n\">\(ReportMarkup.words(localized("report.column.answers")))</th></tr></thead>\n<tbody>\n"
                for line in participation.satisfactionByPartner {
                    html += "<tr><td>\(ReportMarkup.words(line.name ?? line.id))</td>"
                    html += "<td class=\"n\">\(ReportMarkup.escape(EvaluationValue.score(line.mean).text(space: s)))</td>"
                    html += "<td class=\"n\">\(line.responses)</td></tr>\n"
                }
                html += "</tbody>\n</table>\n"
            }
            html += "</section>\n"
        }
        return html
    }

    /// Decimal places of an objective's figures in CSV (as in the JSON form).
    static func decimalPlaces(_ metric: Objective.Metric) -> Int {
        switch metric {
        case .weightKg: return 3
        case .items, .jobs, .members: return 0
        case .reuseRate, .attendanceRate: return 4
        }
    }
}
