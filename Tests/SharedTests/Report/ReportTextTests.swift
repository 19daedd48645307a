import GisementShared
import Testing

/// The terminal form: aligned columns, units, `—` for absent figures, progress bars.
struct ReportTextTests {
    typealias F = ReportFixture

    @Test func text_summary_unitsAndPercentages() throws {
        let text = try F.report(.test("t1")).text()
        #expect(text.hasPrefix("Test \u{201C}Spring drive\u{201D}\nDistrict: Centre, population 2 000\n"))
        #expect(text.contains("Period: 2026-03-01 to 2026-03-31 (31 days), status running"))
        #expect(text.contains("  Weight                             70.0 kg\n"))
        #expect(text.contains("  Reuse rate                          50.7 %\n"))
        #expect(text.contains("  Per inhabitant per year     0.4121 kg/year\n"))
    }

    @Test func text_breakdown_alignedColumnsWithShare() throws {
        let text = try F.report(.test("t1")).text()
        #expect(text.contains(
            """
            By category
              category     collections  items   weight   share
              -----------  -----------  -----  -------  ------
              electrical             2      3  30.0 kg  42.9 %
              textiles               2      8  14.5 kg  20.7 %
            """))
    }

    @Test func text_objectives_progressBar() throws {
        let text = try F.report(.test("t1")).text()
        #expect(text.contains("Weight collected  100.0 kg  70.0 kg    70.0 %  [##############------]"))
        #expect(text.contains("[####################]+"))
    }

    @Test func text_absentFigures_dash() throws {
        let text = try F.report(.all).text()
        #expect(text.hasPrefix("All tests\nTests covered: 3\n"))
        #expect(text.contains("  Per inhabitant                    —\n"))
        #expect(text.contains("(objectives are set per test)"))
    }

    @Test func text_largeNumbers_grouped() throws {
        let input = ReportInput(
            tests: [F.record(.pilotTest, "big", ["name": .text("Big"), "district": .text("d1")])],
            collections: [F.collection("a", test: "big", category: "tools", items: 12345, kg: 1234567.891)],
            districts: F.districts)
        let text = try ReportBuilder.make(scope: .test("big"), input: input).text()
        #expect(text.contains("1 234 567.9 kg"))
        #expect(text.contains("12 345"))
    }
}
