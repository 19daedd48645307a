import Foundation
import GisementShared
import Testing

/// `gisement import` of a sheet that `gisement export` wrote: cells equal to the stored values write
/// nothing, and a cell that would undo an edit made after the export stops the import.
@Suite struct SheetReimportTests {
    static func pending(_ replica: FieldReplica) throws -> Int {
        let json = try replica.must(["status", "--json"])
        let status = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(status["pending"] as? Int)
    }

    static func write(_ text: String, _ name: String, in replica: FieldReplica) throws -> String {
        let path = replica.folder.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func unchangedExport_reimportedTwice_writesNothing() throws {
        let replica = try FieldReplica.make()
        for i in 0..<5 {
            try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "\(i).5", "--notes", "café"])
        }
        for kind in Schema.kindsInDependencyOrder {
            let path = try Self.write(try replica.must(["export", kind.plural]), "\(kind.plural).csv", in: replica)
            let before = try Self.pending(replica)
            let snapshot = try replica.snapshot()
            for _ in 0..<2 {
                let output = try replica.must(["import", kind.plural, path])
                #expect(output.contains("(0 new, 0 changed, "), "\(output)")
            }
            #expect(try Self.pending(replica) == before, "\(kind.plural)")
            #expect(try replica.snapshot() == snapshot, "\(kind.plural): nothing written")
        }
    }

    @Test func textInAnotherNormalForm_isAChange() throws {
        let replica = try FieldReplica.make()
        let id = try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--notes", "caf\u{E9}"])
        let same = try Self.write("id,notes\n\(id),caf\u{E9}\n", "nfc.csv", in: replica)
        #expect(try replica.must(["import", "collections", same]).contains("(0 new, 0 changed, 1 unchanged)"))
        let nfd = try Self.write("id,notes\n\(id),cafe\u{301}\n", "nfd.csv", in: replica)
        #expect(try replica.must(["import", "collections", nfd]).contains("(0 new, 1 changed, 0 unchanged)"))
        let bytes = Array(try replica.must(["export", "collections", "--format", "json"]).utf8)
        let decomposed: [UInt8] = [0x65, 0xCC, 0x81]  // "e" + U+0301, as typed in the sheet
        #expect((0..<(bytes.count - 2)).contains { Array(bytes[$0..<($0 + 3)]) == decomposed })
    }

    @Test func editMadeHereAfterExport_stopsTheImport_untilOverwrite() throws {
        let replica = try FieldReplica.make()
        let id = try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "3"])
        let export = try replica.must(["export", "collections"])
        try replica.must(["set", id, "outcome=repaired"])
        // The sheet changes an unrelated cell; its outcome is still the old one.
        let path = try Self.write(export.replacingOccurrences(of: ",tools,", with: ",textiles,"), "old.csv", in: replica)
        let snapshot = try replica.snapshot()
        let refused = try replica.run(["import", "collections", path])
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.error.contains("collection \(id) outcome: sheet 'pending', now 'repaired' (written by r-"), "\(refused.error)")
        #expect(refused.error.contains("this replica") && refused.error.contains("--overwrite"), "\(refused.error)")
        #expect(!refused.error.contains("category"), "the category cell is a change nobody else made")
        #expect(try replica.snapshot() == snapshot, "nothing was written")

        let forced = try replica.must(["import", "collections", path, "--overwrite"])
        #expect(forced.contains("(0 new, 1 changed, 0 unchanged)") && forced.contains("1 cell overwrote an edit"), "\(forced)")
        let shown = try replica.must(["show", id])
        #expect(shown.contains("textiles") && shown.contains("pending"), "\(shown)")
    }

    @Test func sheetWithoutClockColumn_isNotChecked() throws {
        let replica = try FieldReplica.make()
        let id = try replica.must(["log", "--test", "Bellevue spring", "--category", "tools"])
        try replica.must(["set", id, "outcome=repaired"])
        let path = try Self.write("id,outcome\n\(id),pending\n", "plain.csv", in: replica)
        #expect(try replica.must(["import", "collections", path]).contains("(0 new, 1 changed, 0 unchanged)"))
        #expect(try replica.must(["show", id]).contains("pending"))
    }

    @Test func malformedClockCell_namesItsLine() throws {
        let replica = try FieldReplica.make()
        let id = try replica.must(["log", "--test", "Bellevue spring", "--category", "tools"])
        let path = try Self.write("id,outcome,_clock\n\(id),reused,yesterday\n", "bad.csv", in: replica)
        let result = try replica.run(["import", "collections", path])
        #expect(result.status == 65)
        #expect(result.error.contains("line 2: column _clock"), "\(result.error)")
    }
}
