/// The terminal form of a report: aligned columns, `kg` and `%` units, `—` for an absent figure.
extension Report {
    /// The report as plain text for a terminal, ending with a newline, in the current ``Language``.
    ///
    /// Numbers group thousands with a space (`1 234.5 kg`; in French `1 234,5 kg`). Tables show
    /// names; the ids behind them are listed at the end.
    public func text() -> String {
        var lines = [title]
        lines += subtitleLines
        lines.append("")
        lines.append(localized("report.section.summary"))
        var summary = ReportTextTable(
            headers: [localized("report.column.figure"), localized("report.column.value")], rightAligned: [1])
        for (label, value) in headline(space: " ") { summary.append([label, value]) }
        lines += summary.lines()

        let counts = [
            localized("report.column.collections"), localized("report.column.items"), localized("report.column.weight"),
        ]
        for breakdown in breakdowns {
            lines.append("")
            lines.append(breakdown.title)
            var table = ReportTextTable(
                headers: [breakdown.column] + counts + [localized("report.column.share")], rightAligned: [1, 2, 3, 4])
            for entry in breakdown.entries {
                table.append([
                    Report.label(entry, field: breakdown.field), ReportNumber.integer(Int64(entry.tally.collections)),
                    ReportNumber.integer(entry.tally.items), ReportNumber.kg(entry.tally.weightKg),
                    share(entry.tally, space: " "),
                ])
            }
            lines += breakdown.entries.isEmpty ? ["  " + localized("report.none")] : table.lines()
        }

        lines.append("")
        lines.append(localized("report.section.objectives"))
        if objectives.isEmpty {
            lines.append("  " + localized(test == nil ? "report.objectives.perTest" : "report.objectives.none"))
        } else {
            var table = ReportTextTable(
                headers: ["objective", "target", "actual", "achieved", "progress"].map { localized("report.column." + $0) },
                rightAligned: [1, 2, 3])
            for objective in objectives {
                table.append([
                    Report.label(objective.metric), Report.format(objective.metric, objective.target, space: " "),
                    Report.format(objective.metric, objective.actual, space: " "),
                    ReportNumber.percent(objective.achievement), Report.progressBar(objective.achievement),
                ])
            }
            lines += table.lines()
        }

        lines.append("")
        lines.append(localized("report.section.partners"))
        if partners.isEmpty {
            lines.append("  " + localized("report.none"))
        } else {
            var table = ReportTextTable(
                headers: [localized("report.column.partner"), localized("report.column.roles")] + counts,
                rightAligned: [2, 3, 4])
            for partner in partners {
                table.append([
                    partner.name ?? partner.id, Report.roles(partner),
                    ReportNumber.integer(Int64(partner.supplied.collections)),
                    ReportNumber.integer(partner.supplied.items), ReportNumber.kg(partner.supplied.weightKg),
                ])
            }
            lines += table.lines()
        }
        lines += evaluationTextLines()

        let ids = identifiers
        if !ids.isEmpty {
            lines.append("")
            lines.append(localized("report.section.identifiers"))
            for row in ids {
                lines.append("  " + localized("report.identifierLine", ["kind": row.kind, "name": row.name, "id": row.id]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `[#######-------------]`: 20 cells, full at 100 % and beyond (`+` marks going past it).
    static func progressBar(_ achievement: Double?) -> String {
        guard let achievement, achievement.isFinite else { return ReportNumber.absent }
        let cells = 20
        let filled = Int((min(max(achievement, 0), 1) * Double(cells)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled)
        return "[" + bar + "]" + (achievement > 1 ? "+" : "")
    }
}
