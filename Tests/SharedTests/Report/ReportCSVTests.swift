import GisementShared
import Testing

/// The CSV form: sections, RFC 4180 quoting, plain numbers, empty cells for absent figures.
struct ReportCSVTests {
    typealias F = ReportFixture

    static func lines(_ csv: String) -> [String] {
        csv.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func csv_sections_separatedByBlankLine() throws {
        let csv = try F.report(.test("t1")).csv()
        let lines = Self.lines(csv)
        #expect(lines.first == "summary,value")
        let headers = lines.indices.filter { $0 == 0 || lines[$0 - 1].isEmpty }.map { lines[$0] }
        #expect(headers == [
            "summary,value", "by_category,collections,items,weight_kg", "by_source,collections,items,weight_kg",
            "by_outcome,collections,items,weight_kg", "by_partner,name,collections,items,weight_kg",
            "by_district,name,collections,items,weight_kg", "objectives,target,actual,achievement",
            "partners,name,roles,collections,items,weight_kg", "jobs,value", "participation,value",
            "satisfaction_by_partner,name,satisfaction,responses",
        ])
        #expect(!csv.contains("\n\n") && csv.hasSuffix("\r\n"))
    }

    @Test func csv_figures_plainAndRounded() throws {
        let lines = Self.lines(try F.report(.test("t1")).csv())
        #expect(lines.contains("weight_kg,70"))
        #expect(lines.contains("reuse_rate,0.5071"))
        #expect(lines.contains("kg_per_inhabitant_per_year,0.4121"))
        #expect(lines.contains("textiles,2,8,14.5"))
        #expect(lines.contains("p2,Habitat Social,2,3,35.5"))
        #expect(lines.contains("d1,Centre,5,12,44.5"))
        #expect(lines.contains("reuse_rate,0.5,0.5071,1.0143"))
        #expect(lines.contains("p1,Ressourcerie du Centre,collector,2,2,20"))
    }

    @Test func csv_absentFigures_emptyCells() throws {
        let lines = Self.lines(try F.report(.all).csv())
        #expect(lines.contains("kg_per_inhabitant,"))
        #expect(lines.contains("population,"))
        #expect(lines.contains("scope_id,"))
    }

    @Test func csv_quoting_rfc4180() throws {
        var input = F.input
        input.partners.append(F.record(.partner, "p2", ["name": .text("Habitat, \"Social\"\nNord")]))
        let csv = try F.report(.test("t1"), input).csv()
        #expect(csv.contains("p2,\"Habitat, \"\"Social\"\"\nNord\",2,3,35.5\r\n"))
    }

    @Test func csv_formulaLikeName_neutralised() throws {
        var input = F.input
        input.partners.append(F.record(.partner, "p2", ["name": .text("=HYPERLINK(\"x\")")]))
        let csv = try F.report(.test("t1"), input).csv()
        #expect(csv.contains("p2,\"'=HYPERLINK(\"\"x\"\")\",2,3,35.5\r\n"))
    }
}
