/// The HTML form of a report: one self-contained page (inline CSS and SVG charts, no script,
/// no external font, image or link) that opens offline and prints on A4, in the current
/// ``Language``. Titles and tables show names; the ids behind them are in a small appendix.
extension Report {
    /// The report as a complete HTML document.
    ///
    /// - Parameter generatedAt: shown in the footer as given (for example a local date and time);
    ///   the caller chooses it so that this function stays pure.
    public func html(generatedAt: String) -> String {
        let s = ReportMarkup.space
        var page = "<!DOCTYPE html>\n<html lang=\"\(Language.current.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<title>\(ReportMarkup.escape(localized("report.html.title", ["title": title])))</title>\n"
        page += "<style>\n\(ReportHTMLStyle.css)\n</style>\n</head>\n<body>\n<header>\n"
        page += "<h1>\(ReportMarkup.words(title))</h1>\n"
        for line in subtitleLines { page += "<p class=\"meta\">\(ReportMarkup.words(line))</p>\n" }
        page += "</header>\n<main>\n<section class=\"keep\">\n<h2>\(h(localized("report.section.summary")))</h2>\n"
        page += "<ul class=\"cards\">\n"
        for (label, value) in headline(space: s) {
            page += "<li class=\"card\"><span class=\"k\">\(ReportMarkup.words(label))</span>"
            page += "<span class=\"v\">\(ReportMarkup.escape(value))</span></li>\n"
        }
        page += "</ul>\n</section>\n"
        page += chartsSection()
        page += objectivesSection()
        page += "<section>\n<h2>\(h(localized("report.section.breakdowns")))</h2>\n"
        for breakdown in breakdowns {
            page += table(breakdown.title, column: breakdown.column, field: breakdown.field, breakdown.entries)
        }
        page += "</section>\n"
        page += partnersSection()
        page += evaluationSections()
        page += identifiersSection()
        page += "</main>\n<footer>\(ReportMarkup.escape(localized("report.html.footer", ["at": generatedAt, "space": s])))</footer>\n"
        page += "</body>\n</html>\n"
        return page
    }

    private func h(_ text: String) -> String { ReportMarkup.words(text) }

    func chartsSection() -> String {
        let s = ReportMarkup.space
        var html = "<section>\n<h2>\(h(localized("report.section.charts")))</h2>\n"
        guard totals.milligrams > 0 else {
            return html + "<p class=\"note\">\(h(localized("report.html.nothingToChart")))</p>\n</section>\n"
        }
        let tickText: (Double) -> String = {
            ReportNumber.decimal($0, places: 1, grouping: s, trim: true, mark: LocalFormat.decimalMark)
        }
        for (id, title, field, entries) in [
            ("chart-category", localized("report.chart.byCategory"), "category", byCategory),
            ("chart-source", localized("report.chart.bySource"), "source", bySource),
        ] {
            let bars = entries.map {
                ReportSVGChart.Bar(
                    label: Report.label($0, field: field), value: $0.tally.weightKg,
                    valueText: ReportNumber.kg($0.tally.weightKg, grouping: s))
            }
            html += "<figure class=\"chart\"><h3>\(h(title))</h3>\n"
            html += ReportSVGChart.bars(
                id: id, title: title, axisLabel: localized("report.chart.axisKg"), bars: bars, tickText: tickText)
            html += "</figure>\n"
        }
        let parts = byOutcome.map {
            (key: $0.key, kg: $0.tally.weightKg,
             text: ReportNumber.kg($0.tally.weightKg, grouping: s) + " (" + share($0.tally, space: s) + ")")
        }
        html += "<figure class=\"chart\"><h3>\(h(localized("report.chart.outcome")))</h3>\n"
        html += ReportSVGChart.stacked(id: "chart-outcome", title: localized("report.chart.outcomeTitle"), parts: parts)
        return html + "</figure>\n</section>\n"
    }

    func objectivesSection() -> String {
        let s = ReportMarkup.space
        var html = "<section class=\"keep\">\n<h2>\(h(localized("report.section.objectives")))</h2>\n"
        guard !objectives.isEmpty else {
            let note = localized(test == nil ? "report.html.objectivesPerTest" : "report.html.noTarget")
            return html + "<p class=\"note\">\(h(note))</p>\n</section>\n"
        }
        let rows = objectives.map { objective in
            (
                label: Report.label(objective.metric), achievement: objective.achievement,
                text: Report.format(objective.metric, objective.actual, space: s) + " / "
                    + Report.format(objective.metric, objective.target, space: s) + " · "
                    + ReportNumber.percent(objective.achievement, grouping: s)
            )
        }
        html += "<figure class=\"chart\">"
        html += ReportSVGChart.objectives(
            id: "chart-objectives", title: localized("report.chart.objectives"), rows: rows)
        html += "</figure>\n<table>\n<thead><tr><th>\(h(localized("report.column.objective")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.target")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.actual")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.achieved")))</th></tr></thead>\n<tbody>\n"
        for objective in objectives {
            html += "<tr><td>\(h(Report.label(objective.metric)))</td>"
            html += "<td class=\"n\">\(Report.format(objective.metric, objective.target, space: s))</td>"
            html += "<td class=\"n\">\(Report.format(objective.metric, objective.actual, space: s))</td>"
            html += "<td class=\"n\">\(ReportNumber.percent(objective.achievement, grouping: s))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    func table(_ title: String, column: String, field: String?, _ entries: [ReportEntry]) -> String {
        let s = ReportMarkup.space
        var html = "<table class=\"breakdown\">\n<caption>\(h(title))</caption>\n<thead><tr><th>\(h(column))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.collections")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.items")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.weight")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.shareOfWeight")))</th></tr></thead>\n<tbody>\n"
        if entries.isEmpty { html += "<tr><td colspan=\"5\" class=\"note\">\(h(localized("report.none")))</td></tr>\n" }
        for entry in entries {
            html += "<tr><td>\(h(Report.label(entry, field: field)))</td>"
            html += "<td class=\"n\">\(ReportNumber.integer(Int64(entry.tally.collections), grouping: s))</td>"
            html += "<td class=\"n\">\(ReportNumber.integer(entry.tally.items, grouping: s))</td>"
            html += "<td class=\"n\">\(ReportNumber.kg(entry.tally.weightKg, grouping: s))</td>"
            html += "<td class=\"n\">\(share(entry.tally, space: s))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    func partnersSection() -> String {
        let s = ReportMarkup.space
        var html = "<section>\n<h2>\(h(localized("report.section.partners")))</h2>\n"
        guard !partners.isEmpty else {
            return html + "<p class=\"note\">\(h(localized("report.html.noPartner")))</p>\n</section>\n"
        }
        html += "<table class=\"partners\">\n<thead><tr><th>\(h(localized("report.column.partner")))</th>"
        html += "<th>\(h(localized("report.column.roles")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.collections")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.items")))</th>"
        html += "<th class=\"n\">\(h(localized("report.column.weightSupplied")))</th></tr></thead>\n<tbody>\n"
        for partner in partners {
            html += "<tr><td>\(h(partner.name ?? partner.id))</td>"
            html += "<td>\(h(Report.roles(partner)))</td>"
            html += "<td class=\"n\">\(ReportNumber.integer(Int64(partner.supplied.collections), grouping: s))</td>"
            html += "<td class=\"n\">\(ReportNumber.integer(partner.supplied.items, grouping: s))</td>"
            html += "<td class=\"n\">\(ReportNumber.kg(partner.supplied.weightKg, grouping: s))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    /// The small appendix of ids, for whoever needs to find a record again in Gisement.
    func identifiersSection() -> String {
        let rows = identifiers
        guard !rows.isEmpty else { return "" }
        var html = "<section class=\"appendix\">\n<h2>\(h(localized("report.section.identifiers")))</h2>\n"
        html += "<table class=\"ids\">\n<thead><tr><th>\(h(localized("report.column.kind")))</th>"
        html += "<th>\(h(localized("report.column.name")))</th><th>\(h(localized("report.column.id")))</th></tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr><td>\(h(row.kind))</td><td>\(h(row.name))</td><td class=\"id\">\(h(row.id))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }
}
