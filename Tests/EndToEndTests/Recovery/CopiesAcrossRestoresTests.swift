import Foundation
import Testing

/// Copies of one replica file whose work meets on a server restored in between, through the built
/// binaries: the histories `RecoveryPropertyTests` found losing data (seeds 1592891276, 1592796248
/// and 1593049656), each reduced to its few steps.
@Suite(
    .serialized, .disabled(if: TestStore.isPostgres, "backup and restore are SQLite commands; PostgreSQL is backed up with pg_dump")
) struct CopiesAcrossRestoresTests {
    /// Two copies wrote apart under one id, each acknowledged by a server restored in between. The
    /// second to recover meets the first one's changes under its dots: it takes a new id, writes its
    /// own versions again under it, and nothing is lost (it used to stop with exit 77).
    @Test func secondCopyToRecover_takesANewID_andKeepsItsAcknowledgedWork() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        // Taken after the token exists: a restore keeps who may sync.
        let empty = try backup(cluster, "empty")
        let copy = try copyOf(awa, "awa-copy", cluster)
        let mine = [try awa.ok(["district", "add", "A1"]), try awa.ok(["district", "add", "A2"])]
        try awa.sync()
        try restore(cluster, empty)
        let theirs = try (1...3).map { try copy.ok(["district", "add", "C\($0)"]) }
        try copy.sync()
        try restore(cluster, empty)

        try awa.sync()
        let recovered = try copy.sync()
        #expect(recovered["previous_replica"] as? String != nil, "the copy took a new id: \(recovered)")
        #expect((recovered["recovery"] as? [String: Any])?["reissued"] as? Int == 3, "\(recovered)")
        for agent in [awa, copy, awa] { try agent.sync() }
        try cluster.expectConverged([awa, copy])
        #expect(Set(try awa.export("district").keys) == Set(mine + theirs))
    }

    /// A replica that took a new id stamps its pending changes again; their clocks must not keep
    /// the old id's dots, which the copy that kept that id goes on issuing: the copy's next edit of
    /// such a record used to carry a clock holding a later dot of its own, which every server
    /// refuses (set aside, never synced).
    @Test func editByTheCopyThatKeptTheID_ofARecordTheOtherCopyRestamped_isTaken() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let first = try awa.ok(["district", "add", "D1"])
        let copy = try copyOf(awa, "awa-copy", cluster)
        try copy.sync()
        // Written by Awa after the copy: the copy pushed D1 under her dots, so her sync takes a
        // new id and stamps these again.
        try awa.ok(["district", "add", "D2"])
        let third = try awa.ok(["district", "add", "D3"])
        let renamed = try awa.sync()
        #expect(renamed["previous_replica"] as? String != nil, "\(renamed)")
        try copy.sync()

        try copy.ok(["set", third, "code=X1"])
        let edit = try copy.sync()
        #expect((edit["set_aside"] as? [Any])?.isEmpty == true, "nothing refused: \(edit)")
        #expect(edit["pushed"] as? Int == 1, "\(edit)")
        try awa.sync()
        #expect(try awa.export("district")[third]?["code"] as? String == "X1")
        try cluster.expectConverged([awa, copy])
        #expect(try awa.export("district")[first] != nil)
    }

    /// A relay the restored server cannot take under its dot (another copy's change holds it) was
    /// answered as a duplicate and dropped: the record existed only on replicas. The relaying
    /// replica now reads back what it relayed and writes what was not taken again under its own id.
    @Test func relayTheServerHoldsAnotherChangeUnder_isWrittenAgain_byTheRelayer() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let empty = try backup(cluster, "empty")
        let lostLaptop = try copyOf(ben, "ben-copy", cluster)
        let fromCopy = try lostLaptop.ok(["district", "add", "Nord"])
        try lostLaptop.sync()
        try awa.sync()
        // The copy's laptop is lost; the server goes back to before its push.
        try restore(cluster, empty)
        let fromBen = try ben.ok(["district", "add", "Sud"])
        try ben.sync()

        let recovered = try awa.sync()
        #expect((recovered["recovery"] as? [String: Any])?["reissued"] as? Int == 1, "Nord's name: \(recovered)")
        try ben.sync()
        try cluster.expectConverged([awa, ben])
        #expect(Set(try ben.export("district").keys) == [fromCopy, fromBen])
        let nord = try cluster.server.get("/v1/records/district/\(fromCopy)", token: cluster.adminToken) as? [String: Any]
        #expect((nord?["fields"] as? [String: Any])?["name"] as? String == "Nord")
    }

    // MARK: Steps

    private func backup(_ cluster: Cluster, _ name: String) throws -> String {
        let path = cluster.folder.file("\(name).sqlite")
        let result = try cluster.server.command(["backup", path])
        guard result.status == 0 else { throw ServerFailure(message: "\(result)") }
        return path
    }

    private func restore(_ cluster: Cluster, _ path: String) throws {
        cluster.server.stop()
        let result = try cluster.server.command(["restore", path])
        guard result.status == 0 else { throw ServerFailure(message: "\(result)") }
        try cluster.server.start()
    }

    /// A copy of `agent`'s replica file (and its write-ahead log) made between two commands.
    private func copyOf(_ agent: Agent, _ name: String, _ cluster: Cluster) throws -> Agent {
        let copy = try Agent(name, folder: cluster.folder)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: agent.database + suffix) {
            try FileManager.default.copyItem(atPath: agent.database + suffix, toPath: copy.database + suffix)
        }
        return copy
    }
}
