/// Inline SVG charts for the HTML report, drawn by hand: no script, no external resource.
///
/// Every chart has a `<title>` and `<desc>` (read by screen readers), axis labels and the value of
/// each bar written next to it.
enum ReportSVGChart {
    /// One bar of a horizontal bar chart.
    struct Bar {
        var label: String
        var value: Double
        var valueText: String
    }

    static let width = 760.0
    static let labelWidth = 180.0
    static let valueWidth = 120.0
    static let rowHeight = 26.0

    /// Horizontal bars with a value axis at the bottom.
    static func bars(id: String, title: String, axisLabel: String, bars: [Bar], tickText: (Double) -> String) -> String {
        let plotX = labelWidth + 8
        let plotWidth = width - plotX - valueWidth
        let maximum = bars.map(\.value).max() ?? 0
        let step = ReportChartStyle.step(maximum: maximum)
        let scaleMax = max(step, (maximum / step).rounded(.up) * step)
        let top = 8.0
        let axisY = top + Double(bars.count) * rowHeight + 4
        let height = axisY + 42
        var svg = open(id: id, title: title, description: describe(bars, axisLabel: axisLabel), height: height)
        var tick = 0.0
        while tick <= scaleMax + step / 2 {
            let x = plotX + tick / scaleMax * plotWidth
            svg += line(x, top, x, axisY, color: ReportChartStyle.grid)
            svg += text(tickText(tick), x: x, y: axisY + 16, anchor: "middle", cssClass: "tick")
            tick += step
        }
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            let barWidth = max(0, bar.value / scaleMax * plotWidth)
            svg += "<g><title>\(ReportMarkup.escape(bar.label + ": " + bar.valueText))</title>"
            svg += text(shorten(bar.label), x: labelWidth, y: y + 17, anchor: "end", cssClass: "label")
            svg += rect(plotX, y + 4, barWidth, rowHeight - 8, color: ReportChartStyle.bar)
            svg += text(bar.valueText, x: plotX + barWidth + 6, y: y + 17, anchor: "start", cssClass: "value")
            svg += "</g>"
        }
        svg += line(plotX, axisY, plotX + plotWidth, axisY, color: ReportChartStyle.axis)
        svg += text(axisLabel, x: plotX + plotWidth / 2, y: axisY + 36, anchor: "middle", cssClass: "axis")
        return svg + "</svg>"
    }

    /// One bar of 100 % split by outcome, with a legend giving each outcome's weight and share.
    static func stacked(id: String, title: String, parts: [(key: String, kg: Double, text: String)]) -> String {
        let total = parts.reduce(0) { $0 + $1.kg }
        let plotX = 10.0
        let plotWidth = width - 20
        let legendTop = 84.0
        let height = legendTop + Double(parts.count) * 22 + 4
        let summary = parts.map { Vocabulary.label($0.key, field: "outcome") + " " + $0.text }.joined(separator: "; ")
        var svg = open(id: id, title: title, description: localized("report.chart.outcomeShare") + " " + summary, height: height)
        var x = plotX
        for part in parts where total > 0 && part.kg > 0 {
            let w = part.kg / total * plotWidth
            svg += "<g><title>\(ReportMarkup.escape(Vocabulary.label(part.key, field: "outcome") + ": " + part.text))</title>"
            svg += rect(x, 8, w, 32, color: ReportChartStyle.color(outcome: part.key)) + "</g>"
            x += w
        }
        svg += line(plotX, 44, plotX + plotWidth, 44, color: ReportChartStyle.axis)
        for quarter in 0...4 {
            let tx = plotX + Double(quarter) / 4 * plotWidth
            svg += line(tx, 44, tx, 48, color: ReportChartStyle.axis)
            let anchor = quarter == 0 ? "start" : quarter == 4 ? "end" : "middle"
            svg += text("\(quarter * 25)\u{202F}%", x: tx, y: 60, anchor: anchor, cssClass: "tick")
        }
        svg += text(localized("report.chart.shareAxis"), x: plotX + plotWidth / 2, y: 76, anchor: "middle", cssClass: "axis")
        for (i, part) in parts.enumerated() {
            let y = legendTop + Double(i) * 22
            svg += rect(plotX, y + 2, 14, 14, color: ReportChartStyle.color(outcome: part.key))
            svg += text(Vocabulary.label(part.key, field: "outcome"), x: plotX + 22, y: y + 14, anchor: "start", cssClass: "label")
            svg += text(part.text, x: plotX + 150, y: y + 14, anchor: "start", cssClass: "value")
        }
        return svg + "</svg>"
    }

    /// One row per objective: a bar of the actual as a share of the target, and a marker at the target.
    static func objectives(id: String, title: String, rows: [(label: String, achievement: Double?, text: String)]) -> String {
        let plotX = labelWidth + 8
        let plotWidth = width - plotX - 300
        let highest = rows.compactMap(\.achievement).max() ?? 1
        let scaleMax = min(2, max(1, (highest * 4).rounded(.up) / 4))
        let top = 22.0
        let axisY = top + Double(rows.count) * rowHeight + 4
        let height = axisY + 42
        let summary = rows.map { "\($0.label): \($0.text)" }.joined(separator: "; ")
        var svg = open(id: id, title: title, description: summary, height: height)
        let tickStep = scaleMax > 1.25 ? 0.5 : 0.25
        var tick = 0.0
        while tick <= scaleMax + 0.01 {
            let x = plotX + tick / scaleMax * plotWidth
            svg += line(x, top, x, axisY, color: ReportChartStyle.grid)
            svg += text(ReportNumber.decimal(tick * 100, places: 0, mark: LocalFormat.decimalMark) + "\u{202F}%", x: x, y: axisY + 16, anchor: "middle", cssClass: "tick")
            tick += tickStep
        }
        for (i, row) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            let barWidth = min(scaleMax, max(0, row.achievement ?? 0)) / scaleMax * plotWidth
            svg += "<g><title>\(ReportMarkup.escape(row.label + ": " + row.text))</title>"
            svg += text(shorten(row.label), x: labelWidth, y: y + 17, anchor: "end", cssClass: "label")
            let color = (row.achievement ?? 0) >= 1 ? "#009E73" : ReportChartStyle.bar
            svg += rect(plotX, y + 4, barWidth, rowHeight - 8, color: color)
            svg += text(row.text, x: plotX + plotWidth + 8, y: y + 17, anchor: "start", cssClass: "value") + "</g>"
        }
        let targetX = plotX + 1 / scaleMax * plotWidth
        svg += "<line x1=\"\(n(targetX))\" y1=\"\(n(top - 6))\" x2=\"\(n(targetX))\" y2=\"\(n(axisY))\" "
            + "stroke=\"\(ReportChartStyle.target)\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
        svg += text(localized("report.chart.target"), x: targetX, y: top - 9, anchor: "middle", cssClass: "tick")
        svg += line(plotX, axisY, plotX + plotWidth, axisY, color: ReportChartStyle.axis)
        svg += text(localized("report.chart.actualAxis"), x: plotX + plotWidth / 2, y: axisY + 36, anchor: "middle", cssClass: "axis")
        return svg + "</svg>"
    }

    // MARK: - Pieces

    static func open(id: String, title: String, description: String, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\">"
            + "<title id=\"\(id)-t\">\(ReportMarkup.escape(title))</title>"
            + "<desc id=\"\(id)-d\">\(ReportMarkup.escape(description))</desc>"
    }

    static func describe(_ bars: [Bar], axisLabel: String) -> String {
        axisLabel + ": " + bars.map { "\($0.label) \($0.valueText)" }.joined(separator: "; ")
    }

    static func n(_ value: Double) -> String { ReportMarkup.number(value) }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(color)\"/>"
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, color: String) -> String {
        "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"\(color)\"/>"
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String, cssClass: String) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" class=\"\(cssClass)\">"
            + ReportMarkup.escape(content) + "</text>"
    }

    /// Labels longer than 24 characters are cut with an ellipsis; the full text is in the bar's title.
    static func shorten(_ label: String) -> String {
        label.count <= 24 ? label : String(label.prefix(23)) + "…"
    }
}
