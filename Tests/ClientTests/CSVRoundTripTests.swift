import Foundation
import GisementShared
import Testing

@Suite struct CSVRoundTripTests {
    @Test func exportThenImportIntoFreshReplica_givesIdenticalExports() throws {
        let source = try FieldReplica.make()
        try source.must(["district", "add", "Quartier \"Nord\", bis", "--commune", "Saint-Herblain", "--code", "44162"])
        try source.must(["test", "add-partner", "Bellevue spring", "Habitat 44", "--role", "supplier"])
        for (i, category) in ["tools", "textiles", "books-media"].enumerated() {
            try source.must([
                "log", "--test", "Bellevue spring", "--category", category, "--kg", "\(Double(i) + 0.25)",
                "--items", "\(i + 1)", "--notes", "line one\nline two, \"quoted\"", "--partner", "Habitat 44",
                "--at", "2026-03-1\(i)T08:00:00+01:00",
            ])
        }
        let target = FieldReplica()
        try target.must(["init"])
        for kind in Schema.kindsInDependencyOrder {
            let csv = try source.must(["export", kind.plural, "--format", "csv"])
            let path = target.folder.file("\(kind.plural).csv")
            try (csv + "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
            let imported = try target.must(["import", kind.plural, path])
            #expect(imported.hasPrefix("Imported "), "\(imported)")
        }
        for kind in Schema.kindsInDependencyOrder {
            for format in ["csv", "json"] {
                let a = try source.must(["export", kind.plural, "--format", format])
                let b = try target.must(["export", kind.plural, "--format", format])
                // The _clock column names each replica's own writes, so it differs between them.
                #expect(Self.withoutClock(a) == Self.withoutClock(b), "\(kind.plural) as \(format)")
            }
        }
        let collections = try target.must(["export", "collections", "--format", "json"])
        #expect(collections.contains("line one\\nline two, \\\"quoted\\\""))
        #expect(collections.contains("2026-03-10T08:00:00+01:00"))
    }

    /// A CSV export without its last column (`_clock`, which holds no comma); JSON as it is.
    static func withoutClock(_ export: String) -> String {
        guard export.hasPrefix("id,") else { return export }
        return export.components(separatedBy: "\r\n").map { line in
            line.lastIndex(of: ",").map { String(line[..<$0]) } ?? line
        }.joined(separator: "\r\n")
    }

    @Test func import_namesInReferenceColumns_defaultsAndUpdates() throws {
        let replica = try FieldReplica.make()
        let path = replica.folder.file("week.csv")
        try "test,category,weight_kg,item\nBellevue spring,furniture,\"12,5\",chair\nBellevue spring,tools,3,\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try replica.must(["import", "collections", path]) == "Imported 2 collections from \(path) (2 new, 0 changed, 0 unchanged).")
        let json = try replica.must(["export", "collections", "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items.allSatisfy { $0["district"] as? String == replica.districtID })
        #expect(items.allSatisfy { $0["outcome"] as? String == "pending" && $0["items"] as? Int == 1 })
        #expect(items.contains { $0["weight_kg"] as? Double == 12.5 })
        let id = try #require(items.first?["id"] as? String)
        let update = replica.folder.file("update.csv")
        try "id,outcome\n\(id),reused\n".write(toFile: update, atomically: true, encoding: .utf8)
        #expect(try replica.must(["import", "collections", update, "--json"])
            == "{\"kind\":\"collection\",\"imported\":1,\"created\":0,\"updated\":1,\"unchanged\":0,\"overwritten\":0}")
        #expect(try replica.must(["show", id, "--json"]).contains("\"outcome\":\"reused\""))
    }
}
