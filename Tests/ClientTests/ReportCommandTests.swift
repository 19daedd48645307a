import Foundation
import GisementShared
import Testing

/// `gisement report`, run through the built binary on a small hand-computed test.
@Suite struct ReportCommandTests {
    /// Bellevue (population 12,400), target 800 kg. Collections: 10 kg reused, 30 kg repaired,
    /// 20 kg recycled, 40 kg disposed, and a removed 500 kg one that must not count.
    static func makeReplica() throws -> FieldReplica {
        let replica = try FieldReplica.make()
        let rows: [(String, String, String)] = [
            ("furniture", "10", "reused"), ("leisure", "30", "repaired"), ("electrical", "20", "recycled"),
            ("textiles", "40", "disposed"),
        ]
        for (category, kg, outcome) in rows {
            try replica.must(["log", "--test", "Bellevue spring", "--category", category, "--kg", kg, "--outcome", outcome])
        }
        let removed = try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "500"])
        try replica.must(["rm", removed])
        return replica
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func reportJSON_givesTheHandComputedFigures() throws {
        let replica = try Self.makeReplica()
        let report = try Self.json(try replica.must(["report", "--test", "Bellevue spring", "--format", "json"]))
        #expect(report["collections"] as? Int == 4)
        #expect(report["weight_kg"] as? Double == 100)
        #expect(report["reuse_rate"] as? Double == 0.4)  // (10 + 30) / 100
        #expect(report["valorization_rate"] as? Double == 0.6)  // (10 + 30 + 20) / 100
        #expect(report["diverted_kg"] as? Double == 60)  // 100 − 40 disposed
        #expect(report["kg_per_inhabitant"] as? Double == 0.0081)  // 100 / 12,400 rounded to 4 places
        #expect(report["kg_per_inhabitant_per_year"] is NSNull)  // the test has no dates
        let objectives = try #require(report["objectives"] as? [String: Any])
        let weight = try #require(objectives["weight_kg"] as? [String: Any])
        #expect(weight["target"] as? Double == 800)
        #expect(weight["achievement"] as? Double == 0.125)
        #expect(objectives["items"] == nil)
        let byCategory = try #require(report["by_category"] as? [String: [String: Any]])
        #expect(byCategory["tools"]?["weight_kg"] as? Double == 0)
    }

    @Test func globalJSONFlag_andFormatJSON_printTheSameBytes() throws {
        let replica = try Self.makeReplica()
        let viaFormat = try replica.must(["report", "--test", replica.testID, "--format", "json"])
        let viaFlag = try replica.must(["report", "--test", replica.testID, "--json"])
        #expect(viaFormat == viaFlag)
    }

    @Test func textReport_showsRatesAndAbsentFigures() throws {
        let replica = try Self.makeReplica()
        let text = try replica.must(["report", "--test", "Bellevue spring"])
        #expect(text.contains("40.0 %"))
        #expect(text.contains("Per inhabitant per year"))
        #expect(text.contains("—"))
        #expect(!text.lowercased().contains("nan"))
    }

    @Test func htmlReport_isWrittenToTheFileWithCharts() throws {
        let replica = try Self.makeReplica()
        let out = replica.folder.file("bellevue.html")
        let result = try replica.run(["report", "--district", "Bellevue", "--format", "html", "--out", out])
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!replica.folder.exists("bellevue.html.partial"))
    }

    @Test func csvReport_coversEverything() throws {
        let replica = try Self.makeReplica()
        let csv = try replica.must(["report", "--format", "csv"])
        #expect(csv.contains("furniture"))
        #expect(csv.contains("\r\n"))
    }

    @Test(arguments: [
        (["report", "--test", "a", "--district", "b"], Int32(64), "not both"),
        (["report", "--format", "pdf"], Int32(64), "pdf"),
        (["report", "--test", "no such test"], Int32(65), "No test has the id or name"),
        (["report", "--district", "Nowhere"], Int32(65), "No district has the id or name"),
        (["report", "--out"], Int32(64), "--out"),
    ])
    func badInput_isRefusedAndWritesNothing(arguments: [String], status: Int32, message: String) throws {
        let replica = try FieldReplica.make()
        let before = try replica.snapshot()
        let result = try replica.run(arguments)
        #expect(result.status == status)
        #expect(result.error.contains(message))
        #expect(try replica.snapshot() == before)
    }
}
