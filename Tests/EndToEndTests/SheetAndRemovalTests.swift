import Foundation
import Testing

/// Spreadsheets and removals across replicas: an old sheet must not undo another agent's edit,
/// and a removal that crossed an edit leaves data that lists and exports still handle.
@Suite(.serialized) struct SheetAndRemovalTests {
    /// Writes `text` into the cluster's folder and returns the path.
    static func sheet(_ text: String, _ name: String, _ cluster: Cluster) throws -> String {
        let path = cluster.folder.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func oldSheet_afterAnotherReplicasEdit_isRefusedNamingTheCell_thenOverwritten() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let bea = try cluster.agent("bea")
        try awa.ok(["district", "add", "Nord"])
        try awa.ok(["test", "create", "Printemps", "--district", "Nord"])
        let collection = try awa.ok(["log", "--test", "Printemps", "--category", "tools", "--kg", "4"])
        let other = try awa.ok(["log", "--test", "Printemps", "--category", "books-media", "--kg", "1"])
        try awa.sync()
        let exported = try awa.run(["export", "collections"]).stdout

        try bea.sync()
        try bea.ok(["set", collection, "outcome=repaired"])
        try bea.sync()
        try awa.sync()
        let beaReplica = try #require(try bea.status()["replica"] as? String)

        // One unrelated cell changed in the old sheet: the other collection's category.
        let lines = exported.components(separatedBy: "\r\n").map { line in
            line.hasPrefix(other + ",") ? line.replacingOccurrences(of: ",books-media,", with: ",textiles,") : line
        }
        let path = try Self.sheet(lines.joined(separator: "\r\n"), "old.csv", cluster)
        let pendingBefore = try awa.status()["pending"] as? Int
        let refused = try awa.run(["import", "collections", path])
        #expect(refused.status == 65, "\(refused)")
        #expect(
            refused.stderr.contains("collection \(collection) outcome: sheet 'pending', now 'repaired' (written by \(beaReplica))"),
            "\(refused.stderr)")
        #expect(!refused.stderr.contains(other), "the changed cell was nobody else's edit")
        #expect(try awa.status()["pending"] as? Int == pendingBefore, "nothing was written")
        #expect(try awa.export("collection")[other]?["category"] as? String == "books-media")
        #expect(try awa.export("collection")[collection]?["outcome"] as? String == "repaired")

        let forced = try awa.run(["import", "collections", path, "--overwrite"])
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.contains("(0 new, 2 changed, 0 unchanged)"), "\(forced.stdout)")
        let now = try awa.export("collection")
        #expect(now[collection]?["outcome"] as? String == "pending")
        #expect(now[other]?["category"] as? String == "textiles")
        // Written as new edits: they win on the server and at bea's.
        try awa.sync()
        try bea.sync()
        try cluster.expectConverged([awa, bea])
    }

    @Test func removalCrossingALog_showsRemoved_andTheExportImportsIntoAFreshReplica() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let bea = try cluster.agent("bea")
        let district = try awa.ok(["district", "add", "Nord"])
        let test = try awa.ok(["test", "create", "Printemps", "--district", "Nord"])
        try awa.sync()
        try bea.sync()
        // Awa logs into the test while Bea, who has not seen that collection, removes the test.
        let collection = try awa.ok(["log", "--test", "Printemps", "--category", "tools"])
        try bea.ok(["rm", test])
        try bea.sync()
        try awa.sync()

        let list = try awa.run(["list", "collections"]).stdout
        #expect(list.contains(collection) && list.contains("(removed)") && !list.contains(test), "\(list)")
        // The district's removed test does not count; its live collection does.
        let refused = try awa.run(["rm", district])
        #expect(refused.status == 65 && refused.stderr.contains("still referred to by 1 collection;"), "\(refused)")

        let fresh = try Agent("fresh", folder: cluster.folder)
        try fresh.ok(["init"])
        for kind in ["districts", "partners", "tests", "participations", "collections"] {
            let path = try Self.sheet(try awa.run(["export", kind]).stdout, "\(kind).csv", cluster)
            let imported = try fresh.run(["import", kind, path])
            #expect(imported.status == 0, "\(kind): \(imported)")
        }
        #expect(try fresh.export("collection").keys.contains(collection))
        #expect(try fresh.run(["list", "collections"]).stdout.contains("(removed)"))
    }
}
