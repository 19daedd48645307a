import Foundation
import Testing

/// Edits concurrent with a removal, and text compared by its bytes, through the built binaries.
@Suite struct EditAndTextTests {
    @Test func editConcurrentWithRemoval_isAConflictOfItsOwnKind_everywhere() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        let district = try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        try ben.sync()
        try awa.ok(["rm", district])
        try ben.ok(["set", district, "code=N1"])
        try awa.sync()
        let summary = try ben.sync()

        let lost = summary["lost_edits"] as? [[String: Any]] ?? []
        #expect(lost.count == 1 && lost.first?["edit_vs_delete"] as? Bool == true, "\(summary)")
        #expect(lost.first?["field"] as? String == "code")
        let conflicts = try JSONSerialization.jsonObject(with: Data(try ben.run(["conflicts", "--json"]).stdout.utf8))
            as? [[String: Any]] ?? []
        #expect(conflicts.contains { $0["edit_vs_delete"] as? Bool == true && $0["field"] as? String == "code" })
        #expect(try ben.run(["conflicts"]).stdout.contains("(record removed)"))
        let merges = try cluster.server.merges(token: cluster.adminToken)
        #expect(merges.filter { $0["edit_vs_delete"] as? Bool == true }.count == 1)
        try awa.sync()
        try cluster.expectConverged([awa, ben], alsoIDs: ["district": [district]])
    }

    @Test func text_isComparedByItsBytes_NFCandNFDAreDifferentValues() throws {
        let folder = TemporaryFolder()
        let agent = try Agent("solo", folder: folder)
        try agent.ok(["init", "--agent", "solo"])
        let nfc = "Caf\u{E9}"
        let nfd = "Cafe\u{301}"
        let id = try agent.ok(["district", "add", nfc])
        let set = try agent.run(["set", id, "name=\(nfd)"])
        #expect(set.status == 0, "\(set)")
        #expect(!set.stdout.contains("othing to change"), "\(set)")
        let shown = try JSONSerialization.jsonObject(with: Data(try agent.run(["show", id, "--json"]).stdout.utf8))
        let name = ((shown as? [String: Any])?["fields"] as? [String: Any])?["name"] as? String
        #expect(name.map { Array($0.utf8) } == Array(nfd.utf8))
    }
}

/// The replica file holds the token: readable by its owner only (contract 1.1, scopes section).
@Suite struct ReplicaFileModeTests {
    @Test func init_createsTheReplicaFile_readableByItsOwnerOnly() throws {
        let folder = TemporaryFolder()
        let agent = try Agent("private", folder: folder)
        try agent.ok(["init", "--agent", "private", "--server", "http://127.0.0.1:9", "--token", "gis_secret"])
        try agent.ok(["district", "add", "Nord"])
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: agent.database + suffix) {
            let attributes = try FileManager.default.attributesOfItem(atPath: agent.database + suffix)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            #expect(mode & 0o077 == 0, "\(suffix): \(String(mode, radix: 8))")
        }
    }
}
