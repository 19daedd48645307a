import Foundation
import GisementClient
import Testing

/// What happens when a sync is killed, the server stops, a token is refused, a change is refused.
@Suite(.serialized) struct SyncFailureTests {
    /// A CSV of `count` collections for `gisement import` (10 field changes each).
    static func collectionsCSV(_ count: Int, test: String, in folder: TemporaryFolder) throws -> String {
        var text = "test,category,collected_at,item,items,weight_kg,source,condition,outcome\n"
        for i in 0..<count {
            text += "\(test),electrical,2026-03-\(String(format: "%02d", 1 + i % 28))T10:00:00Z,phone \(i),1,"
                + "\(Double(i % 50) / 10 + 0.1),door-to-door,reusable,pending\n"
        }
        let path = folder.file("collections-\(count).csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func killedSync_rerunEndsInSameState_noDuplicateNothingLost() throws {
        let cluster = try Cluster()
        let kim = try cluster.agent("kim")
        let district = try kim.ok(["district", "add", "Nord"])
        let test = try kim.ok(["test", "create", "Nord spring", "--district", district])
        try kim.ok(["import", "collection", try Self.collectionsCSV(2000, test: test, in: cluster.folder)])
        let written = try #require(try kim.status()["pending"] as? Int)
        #expect(written > 20_000)

        // Killed mid-push, then run again.
        let push = try kim.start(["sync", "--batch-size", "500"])
        usleep(600_000)
        kill(push.processIdentifier, SIGKILL)
        #expect(ChildProcess.waitForExit(push, timeout: 60) != nil)
        try kim.sync()
        #expect(try kim.status()["pending"] as? Int == 0)

        // A fresh replica killed mid-pull, then run again.
        let fay = try cluster.agent("fay")
        let pull = try fay.start(["sync", "--page-size", "500"])
        usleep(600_000)
        kill(pull.processIdentifier, SIGKILL)
        #expect(ChildProcess.waitForExit(pull, timeout: 60) != nil)
        let rerun = try fay.sync(["--page-size", "500"])
        #expect((rerun["pushed"] as? Int) == 0)

        let collections = try fay.export("collection")
        #expect(collections.count == 2000)
        #expect(Set(collections.values.compactMap { $0["item"] as? String }).count == 2000)
        #expect(try kim.export("collection") == collections)
        #expect(try cluster.server.merges(token: cluster.adminToken).isEmpty)
        // The server holds each change once: a full pull from position 0 brings each of them once.
        let lee = try cluster.agent("lee")
        #expect(try lee.sync()["pulled"] as? Int == written)
    }

    @Test func serverStoppedAndRestarted_syncWaitsThenCatchesUp() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let district = try awa.ok(["district", "add", "Nord"])
        let test = try awa.ok(["test", "create", "Nord spring", "--district", district])
        try awa.sync()
        cluster.server.stop()
        try awa.ok(["log", "--test", test, "--category", "tools", "--item", "drill", "--kg", "2.5"])
        let pending = try #require(try awa.status()["pending"] as? Int)

        let down = try awa.run(["sync"])

        #expect(down.status == 69, "\(down)")
        #expect(down.stderr.contains("Nothing was lost; \(pending) changes wait for the next sync"), "\(down)")
        #expect(try awa.status()["pending"] as? Int == pending)
        try cluster.server.start()
        let up = try awa.sync()
        #expect(up["pushed"] as? Int == pending)
        try ben.sync()
        try cluster.expectConverged([awa, ben])
    }

    @Test func refusedToken_exits77_andIsNotRemembered() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        try awa.ok(["district", "add", "Nord"])

        let wrong = try awa.run(["sync", "--token", "gis_not-a-token"])
        #expect(wrong.status == 77, "\(wrong)")
        #expect(wrong.stderr.contains("gisement-server token add"))
        #expect(wrong.stdout.isEmpty)
        #expect(try awa.sync()["pushed"] as? Int == 1)  // the good token is still the remembered one

        #expect(try cluster.server.command(["token", "revoke", "awa"]).status == 0)
        try awa.ok(["district", "add", "Sud"])
        let revoked = try awa.run(["sync"])
        #expect(revoked.status == 77, "\(revoked)")
        #expect(try awa.status()["pending"] as? Int == 1)
    }

    @Test func invalidChange_isSetAside_whileTheOthersSync() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let district = try awa.ok(["district", "add", "Nord"])
        let test = try awa.ok(["test", "create", "Nord spring", "--district", district])
        let bad = try awa.ok(["log", "--test", test, "--category", "tools", "--kg", "3"])
        _ = try awa.ok(["log", "--test", test, "--category", "leisure", "--kg", "4"])
        // A weight the server refuses, written straight into the outbox.
        let store = try ReplicaStore(path: awa.database)
        try store.rewritePendingChange(counter: try #require(try store.versionCounter(id: bad, field: "weight_kg")), value: .real(-3))

        let result = try awa.run(["sync"])

        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("weight_kg") && result.stderr.contains("set aside"), "\(result)")
        #expect(result.stdout.contains("1 change was refused and set aside"))
        let setAside = try awa.status()["set_aside"] as? [[String: Any]] ?? []
        #expect(setAside.count == 1)
        #expect(try awa.run(["status"]).stdout.contains("weight_kg"))
        try ben.sync()
        let benCollections = try ben.export("collection")
        #expect(benCollections.count == 2)
        #expect(benCollections[bad]?["weight_kg"] == nil)
        #expect(benCollections[bad]?["category"] as? String == "tools")
    }

    @Test func unreachableServer_exits69_andNothingIsLost() throws {
        let folder = TemporaryFolder()
        let agent = try Agent("solo", folder: folder)
        try agent.ok(["init", "--server", "http://127.0.0.1:9", "--token", "gis_x"])
        try agent.ok(["district", "add", "Nord", "--population", "10"])

        let result = try agent.run(["sync"], timeout: 60)

        #expect(result.status == 69, "\(result)")
        #expect(result.stderr.contains("Nothing was lost; 2 changes wait for the next sync"), "\(result)")
        #expect(try agent.status()["pending"] as? Int == 2)
    }
}
