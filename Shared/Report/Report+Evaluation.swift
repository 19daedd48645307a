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
            case .score(let v): return v.map { ReportNumber.decimal($0, places: 1, grouping: space) + " / 5" } ?? ReportNumber.absent
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
            ("requalified", "People requalified", .count(jobs.requalified)),
            ("employed_after", "Employed afterwards", .count(jobs.employedAfter)),
            ("exit_to_employment", "Exit to employment", .rate(jobs.exitToEmployment)),
            ("jobs_created", "Jobs created", .count(jobs.jobsCreated)),
        ]
    }

    /// The "Participation" figures in display order.
    var participationFigures: [(key: String, label: String, value: EvaluationValue)] {
        Report.figures(participation)
    }

    static func figures(_ p: Participation) -> [(key: String, label: String, value: EvaluationValue)] {
        [
            ("workshops", "Workshops held", .count(Int64(p.workshops))),
            ("places", "Places offered", .count(p.places)),
            ("attendees", "Attendees", .count(p.attendees)),
            ("attendance_rate", "Attendance rate", .rate(p.attendanceRate)),
            ("new_members", "New members at workshops", .count(p.newMembers)),
            ("members_before", "Members before", .count(p.membersBefore)),
            ("members_after", "Members after", .count(p.membersAfter)),
            ("members_growth", "Members growth", .count(p.membersGrowth)),
            ("satisfaction", "Partners' satisfaction", .score(p.satisfaction)),
            ("satisfaction_responses", "Partners who answered", .count(Int64(p.satisfactionResponses))),
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
        for (title, figures) in [("Jobs", jobsFigures), ("Participation", participationFigures)] {
            lines.append("")
            lines.append(title)
            var table = ReportTextTable(headers: ["figure", "value"], rightAligned: [1])
            for figure in figures { table.append([figure.label, figure.value.text(space: " ")]) }
            lines += table.lines()
        }
        if !participation.satisfactionByPartner.isEmpty {
            lines.append("")
            lines.append("Satisfaction by partner")
            var table = ReportTextTable(headers: ["partner", "id", "satisfaction", "answers"], rightAligned: [2, 3])
            for line in participation.satisfactionByPartner {
                table.append([
                    line.name ?? ReportNumber.absent, line.id, EvaluationValue.score(line.mean).text(space: " "),
                    String(line.responses),
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
        for (title, figures) in [("Jobs", jobsFigures), ("Participation", participationFigures)] {
            html += "<section>\n<h2>\(title)</h2>\n<ul class=\"cards\">\n"
            for figure in figures {
                html += "<li class=\"card\"><span class=\"k\">\(ReportMarkup.escape(figure.label))</span>"
                html += "<span class=\"v\">\(ReportMarkup.escape(figure.value.text(space: s)))</span></li>\n"
            }
            html += "</ul>\n"
            if title == "Participation", !participation.satisfactionByPartner.isEmpty {
                html += "<table>\n<caption>Satisfaction by partner</caption>\n<thead><tr><th>partner</th><th>id</th>"
                html += "<th class=\"n\">satisfaction</th><th class=\"n\">answers</th></tr></thead>\n<tbody>\n"
                for line in participation.satisfactionByPartner {
                    html += "<tr><td>\(ReportMarkup.escape(line.name ?? ReportNumber.absent))</td>"
                    html += "<td>\(ReportMarkup.escape(line.id))</td>"
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
