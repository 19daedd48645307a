/// Colours of the HTML charts: the Okabe–Ito palette, distinguishable with the common colour
/// vision deficiencies; every value is also written as text, so colour is never the only cue.
enum ReportChartStyle {
    static let bar = "#0072B2"
    static let barSecondary = "#56B4E9"
    static let target = "#000000"
    static let axis = "#555555"
    static let grid = "#DDDDDD"

    /// The colour of an outcome in the outcome chart.
    static func color(outcome: String) -> String {
        switch outcome {
        case "reused": return "#009E73"
        case "repaired": return "#0072B2"
        case "recycled": return "#E69F00"
        case "disposed": return "#D55E00"
        case "pending": return "#999999"
        default: return "#CC79A7"
        }
    }

    /// A "nice" axis step (1, 2 or 5 × 10^k) giving at most `ticks` intervals up to `maximum`.
    static func step(maximum: Double, ticks: Int = 5) -> Double {
        guard maximum.isFinite, maximum > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= maximum { magnitude *= 10 }
        while magnitude > maximum { magnitude /= 10 }
        for base in [0.1, 0.2, 0.5, 1, 2, 5, 10] {
            let step = base * magnitude
            if (maximum / step).rounded(.up) <= Double(ticks) { return step }
        }
        return 10 * magnitude
    }
}
