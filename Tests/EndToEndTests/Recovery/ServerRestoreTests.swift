import Foundation
import Testing

/// A server restored from a backup, or replaced by an empty store, through the built binaries:
/// after every replica synced twice, in any order, the server and every replica hold the union of
/// everything any of them held, and nothing written after the restore is missed.
@Suite(
    .serialized, .disabled(if: TestStore.isPostgres, "backup and restore are SQLite commands; PostgreSQL is backed up with pg_dump")
) struct ServerRestoreTests {
    /// The orders the replicas sync in after the restore (indices into the agents).
    static let orders: [[Int]] = [[0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 0]]

    @Test(arguments: orders)
    func restoreFromBackup_twoReplicas_recoverEverything(order: [Int]) throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let district = try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        try ben.sync()
        let backup = cluster.folder.file("before.sqlite")
        try expectSuccess(cluster.server.command(["backup", backup]))

        // Acknowledged after the backup: lost by the restore, held by the replicas.
        let sud = try awa.ok(["district", "add", "Sud"])
        try awa.ok(["set", district, "population=300"])
        try awa.sync()
        let est = try ben.ok(["district", "add", "Est"])
        try ben.sync()
        try awa.sync()

        cluster.server.stop()
        let restore = try cluster.server.command(["restore", backup])
        #expect(restore.status == 0, "\(restore)")
        #expect(restore.stderr.contains("kept"))
        try cluster.server.start()

        // Written after the restore, before anyone synced.
        let ouest = try ben.ok(["district", "add", "Ouest"])
        let agents = [awa, ben]
        var summaries: [[String: Any]] = []
        for index in order { summaries.append(try agents[index].sync()) }
        #expect(summaries.contains { $0["server_went_back"] != nil }, "someone said the server went back")

        try cluster.expectConverged(agents)
        let ids = Set(try awa.export("district").keys)
        #expect(ids == [district, sud, est, ouest])
        let nord = try cluster.server.get("/v1/records/district/\(district)", token: cluster.adminToken) as? [String: Any]
        #expect((nord?["fields"] as? [String: Any])?["population"] as? Int == 300)
    }

    @Test func emptyServer_isRebuiltFromReplicas_includingALostLaptopsWork() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let cleo = try cluster.agent("cleo")
        // The store right after its tokens were made: "an empty server" that still knows them.
        let empty = cluster.folder.file("empty.sqlite")
        try expectSuccess(cluster.server.command(["backup", empty]))
        let nord = try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        let sud = try ben.ok(["district", "add", "Sud"])
        try ben.sync()
        try cleo.sync()
        // Awa's laptop is lost after this: only Ben and Cleo hold Nord besides the lost server.

        cluster.server.stop()
        try expectSuccess(cluster.server.command(["restore", empty]))
        try cluster.server.start()

        try ben.sync()
        try cleo.sync()
        try ben.sync()
        try cleo.sync()
        try cluster.expectConverged([ben, cleo])
        #expect(Set(try cleo.export("district").keys) == [nord, sud])
        // Ben re-sent Awa's version on her behalf: the server holds it with Awa's replica id.
        let record = try cluster.server.get("/v1/records/district/\(nord)", token: cluster.adminToken) as? [String: Any]
        #expect((record?["fields"] as? [String: Any])?["name"] as? String == "Nord")
    }

    @Test func restore_isRefusedWhileTheServerServes_andChecksTheBackup() throws {
        let cluster = try Cluster()
        let backup = cluster.folder.file("b.sqlite")
        try expectSuccess(cluster.server.command(["backup", backup]))
        let refused = try cluster.server.command(["restore", backup])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("serving"), "\(refused)")
        cluster.server.stop()
        let notADatabase = cluster.folder.file("notes.txt")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notADatabase))
        let wrong = try cluster.server.command(["restore", notADatabase])
        #expect(wrong.status == 65, "\(wrong)")
        #expect(FileManager.default.fileExists(atPath: cluster.server.database), "the current database stays in place")
    }

    /// docs/operations.md's restore section, run literally: after a clean stop there is one file.
    @Test func aCleanStop_leavesNoWALFile_andTheNextStartServesEverything() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let district = try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        cluster.server.stop()
        let files = FileManager.default
        #expect(!files.fileExists(atPath: cluster.server.database + "-wal"))
        #expect(!files.fileExists(atPath: cluster.server.database + "-shm"))
        try cluster.server.start()
        let record = try cluster.server.get("/v1/records/district/\(district)", token: cluster.adminToken) as? [String: Any]
        #expect((record?["fields"] as? [String: Any])?["name"] as? String == "Nord")
        try awa.ok(["district", "add", "Sud"])
        try awa.sync()
        #expect(files.fileExists(atPath: cluster.server.database + "-wal"), "WAL again while serving")
    }

    private func expectSuccess(_ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        guard result.status == 0 else { throw ServerFailure(message: "\(result)") }
    }
}
