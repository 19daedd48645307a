import Foundation
import Testing

/// Replica files copied to another machine, and syncs run at the same moment.
@Suite(.serialized) struct ReplicaCopyTests {
    /// Two copies of one replica file write different things under the same dots and sync at the
    /// same instant: whichever comes second gets 409 `replica_conflict`, takes a new id, and both
    /// keep every edit.
    @Test func twoCopies_syncingAtTheSameInstant_keepEveryEdit() throws {
        let repetitions = 20
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let district = try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        for round in 0..<repetitions {
            let copy = try Agent("copy-\(round)", folder: cluster.folder)
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: awa.database + suffix) {
                try FileManager.default.copyItem(atPath: awa.database + suffix, toPath: copy.database + suffix)
            }
            let mine = try awa.ok(["district", "add", "A\(round)"])
            let theirs = try copy.ok(["district", "add", "C\(round)"])
            try awa.ok(["set", district, "code=a\(round)"])
            let first = try awa.start(["sync"])
            let second = try copy.start(["sync"])
            let ends = [first, second].map { ChildProcess.waitForExit($0, timeout: 120) }
            #expect(ends.allSatisfy { $0 == .success }, "round \(round): \(ends)")
            for agent in [awa, copy, awa, copy] { _ = try agent.run(["sync"]) }
            let ids = Set(try awa.export("district").keys)
            #expect(ids.contains(mine) && ids.contains(theirs), "round \(round): \(ids)")
            #expect(Set(try copy.export("district").keys) == ids, "round \(round)")
            let awaID = try awa.status()["replica"] as? String
            let copyID = try copy.status()["replica"] as? String
            #expect(awaID != copyID, "round \(round): one copy took a new id")
        }
        try cluster.expectConverged([awa])
    }

    /// Two `gisement sync` of one replica at the same moment: the second waits; neither changes
    /// the replica id.
    @Test func twoSyncsOfOneReplica_atOnce_keepTheReplicaID() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        let id = try awa.status()["replica"] as? String
        for round in 0..<10 {
            for n in 0..<20 { try awa.ok(["district", "add", "D\(round)-\(n)"]) }
            let first = try awa.start(["sync"])
            let second = try ChildProcess.start(
                awa.executable, ["sync"], environment: ["GISEMENT_DB": awa.database],
                stdoutPath: cluster.folder.file("second.out"), stderrPath: cluster.folder.file("second.err"))
            // A write while both run: the window in which a second sync took the first one's push
            // for a restored copy.
            try awa.ok(["district", "add", "W\(round)"])
            let ends = [first, second].map { ChildProcess.waitForExit($0, timeout: 120) }
            #expect(ends.allSatisfy { $0 == .success }, "\(ends)")
            #expect(try awa.status()["replica"] as? String == id, "round \(round)")
        }
        try awa.sync()
        #expect(try awa.status()["pending"] as? Int == 0)
    }
}
