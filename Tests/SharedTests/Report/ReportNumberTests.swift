@testable import GisementShared
import Testing

/// Hand-written number formatting: rounding half away from zero, grouping, units.
struct ReportNumberTests {
    @Test(arguments: [
        (1234.5, 1, " ", "1 234.5"), (0.05, 1, " ", "0.1"), (-0.05, 1, " ", "-0.1"), (999.96, 1, " ", "1 000.0"),
        (1_000_000, 0, ",", "1,000,000"), (0.125, 2, " ", "0.13"), (0, 3, " ", "0.000"),
    ])
    func decimal_roundsAndGroups(value: Double, places: Int, grouping: String, expected: String) {
        #expect(ReportNumber.decimal(value, places: places, grouping: grouping) == expected)
    }

    @Test func decimal_trim_dropsTrailingZeros() {
        #expect(ReportNumber.decimal(12.5, places: 3, trim: true) == "12.5")
        #expect(ReportNumber.decimal(12, places: 3, trim: true) == "12")
        #expect(ReportNumber.decimal(0.00049, places: 3, trim: true) == "0")
    }

    @Test func decimal_nonFinite_isAbsent() {
        #expect(ReportNumber.decimal(.nan, places: 1) == "—")
        #expect(ReportNumber.decimal(.infinity, places: 1) == "—")
        #expect(ReportNumber.rounded(.nan, places: 2) == nil)
    }

    @Test func units_kgPercentAbsent() {
        #expect(ReportNumber.kg(1234.56) == "1 234.6 kg")
        #expect(ReportNumber.kg(nil) == "—")
        #expect(ReportNumber.percent(0.425) == "42.5 %")
        #expect(ReportNumber.percent(nil) == "—")
        #expect(ReportNumber.perInhabitant(0.035, unit: "kg") == "0.035 kg")
    }

    @Test func rounded_deterministicHalfAway() {
        #expect(ReportNumber.rounded(0.50715, places: 4) == 0.5072 || ReportNumber.rounded(0.50715, places: 4) == 0.5071)
        #expect(ReportNumber.rounded(2.5, places: 0) == 3)
        #expect(ReportNumber.rounded(-2.5, places: 0) == -3)
    }

    @Test func tally_milligrams_ignoresBadWeights() {
        #expect(ReportTally.milligrams(ofKg: nil) == 0)
        #expect(ReportTally.milligrams(ofKg: -3) == 0)
        #expect(ReportTally.milligrams(ofKg: .nan) == 0)
        #expect(ReportTally.milligrams(ofKg: 12.5) == 12_500_000)
        #expect(ReportTally.milligrams(ofKg: 1e300) == 1_000_000_000_000_000)
    }

    @Test func chartStep_niceValues() {
        #expect(ReportChartStyle.step(maximum: 30) == 10)
        #expect(ReportChartStyle.step(maximum: 35.5) == 10)
        #expect(ReportChartStyle.step(maximum: 7) == 2)
        #expect(ReportChartStyle.step(maximum: 0) == 1)
    }

    @Test func markup_escape_allFive() {
        #expect(ReportMarkup.escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
    }
}
