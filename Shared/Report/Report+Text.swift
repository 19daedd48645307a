/// The terminal form of a report: aligned columns, `kg` and `%` units, `—` for an absent figure.
extension Report {
    /// The report as plain text for a terminal, ending with a newline.
    ///
    /// Numbers group thousands with a space and use a point for decimals (`1 234.5 kg`).
    public func text() -> String {
        var lines = [title]
        lines += subtitleLines
        lines.append("")
        lines.append("Summary")
        var summary = ReportTextTable(headers: ["figure", "value"], rightAligned: [1])
        for (label, value) in headline(space: " ") { summary.append([label, value]) }
        lines += summary.lines()

        for breakdown in breakdowns {
            lines.append("")
            lines.append(breakdown.title)
            var table = ReportTextTable(
                headers: [breakdown.column, "collections", "items", "weight", "share"], rightAligned: [1, 2, 3, 4])
            for entry in breakdown.entries {
                table.append([
                    entry.label, ReportNumber.integer(Int64(entry.tally.collections)),
                    ReportNumber.integer(entry.tally.items), ReportNumber.kg(entry.tally.weightKg),
                    share(entry.tally, space: " "),
                ])
            }
            lines += breakdown.entries.isEmpty ? ["  (none)"] : table.lines()
        }

        lines.append("")
        lines.append("Objectives")
        if objectives.isEmpty {
            lines.append(test == nil ? "  (objectives are set per test)" : "  (no target set)")
        } else {
            var table = ReportTextTable(
                headers: ["objective", "target", "actual", "achieved", "progress"], rightAligned: [1, 2, 3])
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
        lines.append("Partners")
        if partners.isEmpty {
            lines.append("  (none)")
        } else {
            var table = ReportTextTable(
                headers: ["partner", "id", "roles", "collections", "items", "weight"], rightAligned: [3, 4, 5])
            for partner in partners {
                table.append([
                    partner.name ?? ReportNumber.absent, partner.id,
                    partner.roles.isEmpty ? ReportNumber.absent : partner.roles.joined(separator: ", "),
                    ReportNumber.integer(Int64(partner.supplied.collections)),
                    ReportNumber.integer(partner.supplied.items), ReportNumber.kg(partner.supplied.weightKg),
                ])
            }
            lines += table.lines()
        }
        lines += evaluationTextLines()
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
