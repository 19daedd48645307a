import Foundation
import Testing

/// Three replicas and a real server: offline work, concurrent edits, syncs in several orders.
@Suite(.serialized) struct ConvergenceTests {
    @Test func threeReplicas_convergeWithExactMergeLog_afterConcurrentOfflineEdits() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let cleo = try cluster.agent("cleo")

        // Awa sets up the district, the test and a partner; everyone syncs.
        let district = try awa.ok(["district", "add", "Bellevue", "--population", "12400", "--habitat", "dense-urban"])
        let test = try awa.ok(["test", "create", "Bellevue spring", "--district", district, "--target-kg", "800"])
        let partner = try awa.ok(["partner", "add", "Emmaüs Bellevue", "--kind", "association"])
        try awa.ok(["test", "add-partner", test, partner, "--role", "collector"])
        try awa.sync()
        try ben.sync()
        try cleo.sync()

        // Offline, each logs collections.
        let bike = try awa.ok(["log", "--test", test, "--category", "leisure", "--item", "bike", "--kg", "11"])
        let lamp = try awa.ok(["log", "--test", test, "--category", "furniture", "--item", "lamp", "--kg", "2"])
        let books = try awa.ok(["log", "--test", test, "--category", "books-media", "--items", "12", "--kg", "6"])
        _ = try ben.ok(["log", "--test", "Bellevue spring", "--category", "electrical", "--item", "phone", "--kg", "0.2"])
        _ = try cleo.ok(["log", "--test", test, "--category", "textiles", "--kg", "7.5", "--source", "drop-off-point"])
        try awa.sync()
        try ben.sync()
        try cleo.sync()

        // Concurrent edits, offline on each side.
        try awa.ok(["set", bike, "weight_kg=12.5"])  // one field, two values: a conflict
        try awa.ok(["set", bike, "outcome=reused"])  // different fields of one record: no conflict
        try awa.ok(["set", books, "items=10"])  // one field, the same value: no conflict
        try ben.ok(["set", bike, "weight_kg=14"])
        try ben.ok(["rm", lamp])  // a delete against an edit of another field
        try ben.ok(["set", district, "population=12500"])  // one field, two values: a conflict
        try cleo.ok(["set", bike, "condition=repairable"])
        try cleo.ok(["set", lamp, "notes=shade to replace"])
        try cleo.ok(["set", books, "items=10"])
        try cleo.ok(["set", district, "population=12600"])

        // Syncs in several orders until everyone has seen everything.
        try cleo.sync()
        try ben.sync()
        let awaSummary = try awa.sync()
        try cleo.sync()
        try ben.sync()

        // Ben's weight (written after Awa's) won: Awa's summary names her lost edit.
        let lost = awaSummary["lost_edits"] as? [[String: Any]] ?? []
        #expect(lost.count == 1)
        #expect(lost.first?["id"] as? String == bike)
        #expect(lost.first?["field"] as? String == "weight_kg")
        #expect(lost.first?["yours"] as? Double == 12.5)
        #expect(lost.first?["kept"] as? Double == 14)
        #expect(lost.first?["label"] as? String == "bike, leisure")
        let shownBike = try JSONSerialization.jsonObject(with: Data(try awa.run(["show", bike, "--json"]).stdout.utf8))
        #expect(((shownBike as? [String: Any])?["fields"] as? [String: Any])?["weight_kg"] as? Double == 14)

        try cluster.expectConverged([awa, ben, cleo], alsoIDs: ["collection": [lamp]])
        let lampRecord = try cluster.server.get("/v1/records/collection/\(lamp)", token: cluster.adminToken) as? [String: Any]
        #expect(lampRecord?["deleted"] as? Bool == true)
        #expect((lampRecord?["fields"] as? [String: Any])?["notes"] as? String == "shade to replace")

        // The merge log holds exactly the concurrent writes of different values, and Cleo's edit
        // of the lamp that Ben removed meanwhile, as an edit-vs-delete conflict.
        let merges = try cluster.server.merges(token: cluster.adminToken)
        let editsVsDelete = merges.filter { $0["edit_vs_delete"] as? Bool == true }
        #expect(editsVsDelete.count == 1)
        #expect(editsVsDelete.first?["id"] as? String == lamp && editsVsDelete.first?["field"] as? String == "notes")
        #expect((editsVsDelete.first?["loser"] as? [String: Any])?["value"] as? String == "shade to replace")
        let conflicts = merges.filter { $0["anomaly"] as? Bool != true && $0["edit_vs_delete"] as? Bool != true }
        let fields = Set(conflicts.map { "\($0["kind"] ?? "")/\($0["id"] ?? "")/\($0["field"] ?? "")" })
        #expect(fields == ["collection/\(bike)/weight_kg", "district/\(district)/population"])
        #expect(conflicts.count == 2)
        #expect(merges.count == 3)
        let shown = try cluster.server.command(["merges"])
        #expect(shown.status == 0 && shown.stdout.contains("weight_kg"))
    }

    @Test func restoredReplica_takesNewID_andLosesNothing() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let district = try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        // A copy of the replica taken now, restored later on another device.
        let restored = try Agent("restored", folder: cluster.folder)
        // The replica file and its write-ahead log, as a file-level backup copies them.
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: awa.database + suffix) {
            try FileManager.default.copyItem(atPath: awa.database + suffix, toPath: restored.database + suffix)
        }
        try awa.ok(["set", district, "population=300"])
        try awa.ok(["district", "add", "Sud"])
        try awa.sync()
        let before = try restored.status()["replica"] as? String
        try restored.ok(["district", "add", "Est"])
        try restored.ok(["set", district, "code=N1"])

        let result = try restored.run(["sync"])

        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("restored from an old copy"))
        let after = try restored.status()["replica"] as? String
        #expect(after != nil && after != before)
        try awa.sync()
        try cluster.expectConverged([awa, restored])
        #expect(try awa.export("district").count == 3)
    }
}
