import Foundation
import GisementSQLite
import Testing

/// `gisement import` checks rows on one thread while it writes earlier chunks on another
/// (`CSVImportPipeline`, chunks of 2,000 rows): a bad row in a late chunk must still leave the
/// replica exactly as it was, and a good file must land whole and in order.
@Suite struct ImportPipelineTests {
    static let rows = 5_500  // three chunks

    static func csv(_ replica: FieldReplica, badLine: Int? = nil, duplicateIDAt: Int? = nil) throws -> String {
        var text = "id,test,category,item,weight_kg,collected_at\n"
        for i in 0..<rows {
            let line = i + 2
            let weight = line == badLine ? "heavy" : "\(Double(i % 40) / 4)"
            let id = line == duplicateIDAt ? "c-import-0" : "c-import-\(i)"
            text += "\(id),Bellevue spring,textiles,item \(i),\(weight),2026-03-\(10 + i % 18)T09:00:00Z\n"
        }
        let path = replica.folder.file("big.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [4_900, 2_003, 2])
    func badRowInAnyChunk_refusesTheWholeFile_namingItsLine(badLine: Int) throws {
        let replica = try FieldReplica.make()
        let before = try replica.snapshot()
        let result = try replica.run(["import", "collections", try Self.csv(replica, badLine: badLine)])
        #expect(result.status == 65, "\(result)")
        #expect(result.error.contains("line \(badLine)") && result.error.contains("weight_kg"), "\(result.error)")
        #expect(try replica.snapshot() == before, "nothing was written")
    }

    @Test func idRepeatedAcrossChunks_isRefused() throws {
        let replica = try FieldReplica.make()
        let before = try replica.snapshot()
        let result = try replica.run(["import", "collections", try Self.csv(replica, duplicateIDAt: 5_000)])
        #expect(result.status == 65, "\(result)")
        #expect(result.error.contains("line 5000") && result.error.contains("two lines"), "\(result.error)")
        #expect(try replica.snapshot() == before)
    }

    @Test func goodFile_landsWhole_withChangesInCounterOrder() throws {
        let replica = try FieldReplica.make()
        let output = try replica.must(["import", "collections", try Self.csv(replica)])
        #expect(output.contains("Imported 5500 collections") && output.contains("5500 new"), "\(output)")
        let db = try Database(path: replica.database, options: DatabaseOptions(access: .readOnly))
        #expect(try db.scalar(sql: "SELECT count(*) FROM collections WHERE id LIKE 'c-import-%'")?.integerValue == 5_500)
        #expect(try db.scalar(sql: "SELECT district FROM collections WHERE id = 'c-import-5499'")?.textValue == replica.districtID)
        // The outbox rows follow the file: each row's first counter is above the previous row's last.
        let rows = try db.query(sql: "SELECT first, last FROM outbox ORDER BY first")
        var previous: Int64 = 0
        for row in rows {
            let first = row[0].integerValue ?? 0
            #expect(first > previous)
            previous = row[1].integerValue ?? 0
        }
        let counter = try db.scalar(sql: "SELECT counter FROM replica_meta")?.integerValue
        #expect(previous == counter)
        // Importing the same file again finds every record unchanged and writes nothing.
        let again = try replica.must(["import", "collections", try Self.csv(replica)])
        #expect(again.contains("0 new, 0 changed, 5500 unchanged"), "\(again)")
        #expect(try db.scalar(sql: "SELECT counter FROM replica_meta")?.integerValue == counter)
    }
}
