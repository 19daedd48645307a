import Foundation
import Testing

/// Scoped tokens through the built binaries and a real server: a replica holds exactly its scope
/// (compared with the contract's definition computed from every record), follows scope changes and
/// records that move, and reads nothing else.
@Suite(.serialized) struct ScopeSyncTests {
    @Test func scopedFirstSync_holdsExactlyTheScope_andReadsNothingElse() throws {
        let net = try ScopedNetwork()
        let awa = try net.cluster.agent("awa", role: "agent", scope: ["--test", "Nord-1"])
        let cleo = try net.cluster.agent(
            "cleo", role: "coordinator", scope: ["--district", "Sud", "--test", net.tests["Est-1"]!])
        try awa.sync()
        try cleo.sync()
        let all = try net.oracle()
        try all.restricted(tests: [net.tests["Nord-1"]!], districts: []).expectHeld(by: awa)
        try all.restricted(tests: [net.tests["Est-1"]!], districts: [net.districts["Sud"]!]).expectHeld(by: cleo)

        // Records, reports and verify answer 404 for what the scope does not hold, as if absent.
        let server = net.cluster.server
        let outside = net.collections["Nord-1"]![0]
        let inside = net.collections["Sud-1"]![0]
        #expect(try RawRequest.send(server, "GET", "/v1/records/collection/\(outside)", token: cleo.token!).status == 404)
        #expect(try RawRequest.send(server, "GET", "/v1/records/collection/\(inside)", token: cleo.token!).status == 200)
        #expect(try RawRequest.send(server, "GET", "/v1/records/district/\(net.districts["Nord"]!)", token: cleo.token!).status == 404)
        #expect(try RawRequest.send(server, "GET", "/v1/reports/tests/\(net.tests["Nord-1"]!)", token: cleo.token!).status == 404)
        #expect(try RawRequest.send(server, "GET", "/v1/reports/tests/\(net.tests["Sud-1"]!)", token: cleo.token!).status == 200)
        #expect(try RawRequest.send(server, "GET", "/v1/reports/districts/\(net.districts["Nord"]!)", token: cleo.token!).status == 404)
        #expect(try RawRequest.send(server, "GET", "/v1/reports/districts/\(net.districts["Sud"]!)", token: cleo.token!).status == 200)
        let versions = try RawRequest.send(
            server, "POST", "/v1/verify/versions", token: awa.token!,
            body: Array(#"{"records":[{"kind":"collection","id":"\#(inside)"}]}"#.utf8))
        #expect((versions.json["changes"] as? [Any])?.isEmpty == true, "\(versions)")
        #expect(try awa.run(["verify"]).status == 0)
        #expect(try cleo.run(["verify"]).status == 0)

        // What the token is and holds.
        let me = try RawRequest.send(server, "GET", "/v1/me", token: awa.token!).json
        #expect(me["role"] as? String == "agent")
        #expect((me["scope"] as? [String: Any])?["tests"] as? [String] == [net.tests["Nord-1"]!])
        let holds = me["holds"] as? [String: Any] ?? [:]
        #expect(Set(holds["partners"] as? [String] ?? []) == [net.partners["Emmaus"]!, net.partners["Mairie"]!])
    }

    @Test func scopeChanges_growShrinkMoveInMoveOut_followAtTheNextSync() throws {
        let net = try ScopedNetwork()
        let awa = try net.cluster.agent("awa", role: "agent", scope: ["--test", "Nord-1"])
        try awa.sync()
        let nord1 = net.tests["Nord-1"]!
        let sud1 = net.tests["Sud-1"]!

        // Grow: what enters arrives whole, although it is older than the replica's cursor.
        try net.server(["token", "scope", "awa", "--add-test", "Sud-1"])
        let grown = try awa.sync()
        #expect((grown["scope"] as? [String: Any])?["entered"] as? Int ?? 0 > 0, "\(grown)")
        try net.oracle().restricted(tests: [nord1, sud1], districts: []).expectHeld(by: awa, "grown:")

        // Shrink: what leaves is removed, except a record with changes not yet sent.
        let pending = try awa.ok(["log", "--test", sud1, "--category", "tools", "--kg", "1"])
        try net.server(["token", "scope", "awa", "--remove-test", "Sud-1"])
        let shrunk = try awa.sync()
        let scope = shrunk["scope"] as? [String: Any] ?? [:]
        #expect(scope["kept"] as? Int == 1, "\(shrunk)")
        #expect(scope["removed"] as? Int ?? 0 >= 4, "\(shrunk)")
        #expect((shrunk["set_aside"] as? [Any])?.isEmpty == false, "the kept record's changes are refused: \(shrunk)")
        try net.oracle().restricted(tests: [nord1], districts: []).expectHeld(by: awa, extra: ["collection": [pending]], "shrunk:")

        // Move out: a collection of Nord-1 edited into Est-1 leaves; moved back, it returns whole.
        let moving = net.collections["Nord-1"]![0]
        try net.edit(["set", moving, "test=\(net.tests["Est-1"]!)"])
        try awa.sync()
        try net.oracle().restricted(tests: [nord1], districts: []).expectHeld(by: awa, extra: ["collection": [pending]], "moved out:")
        #expect(try awa.export("collection")[moving] == nil)
        try net.edit(["set", moving, "test=\(nord1)", "notes=back"])
        try net.edit(["set", net.collections["Est-1"]![0], "test=\(nord1)"])
        try awa.sync()
        try net.oracle().restricted(tests: [nord1], districts: []).expectHeld(by: awa, extra: ["collection": [pending]], "moved in:")
        #expect(try awa.export("collection")[net.collections["Est-1"]![0]] != nil)
    }

    @Test func testMovedToAnotherDistrict_followsIntoAndOutOfDistrictScopes() throws {
        let net = try ScopedNetwork()
        let sud = try net.cluster.agent("sud", role: "coordinator", scope: ["--district", "Sud"])
        let nord = try net.cluster.agent("nord", role: "coordinator", scope: ["--district", "Nord"])
        try sud.sync()
        try nord.sync()
        try net.edit(["set", net.tests["Nord-2"]!, "district=\(net.districts["Sud"]!)"])
        try sud.sync()
        try nord.sync()
        let all = try net.oracle()
        try all.restricted(tests: [], districts: [net.districts["Sud"]!]).expectHeld(by: sud, "into Sud:")
        try all.restricted(tests: [], districts: [net.districts["Nord"]!]).expectHeld(by: nord, "out of Nord:")
        #expect(try sud.export("collection")[net.collections["Nord-2"]![0]] != nil)
        #expect(try nord.export("test")[net.tests["Nord-2"]!] == nil)
        // What left was taken out of the replica's digests too: verify compares with the scope.
        #expect(try nord.run(["verify"]).status == 0)
        #expect(try sud.run(["verify"]).status == 0)
    }

    @Test func agentToken_refusedLocally_andWhatItCouldNotSendIsSetAside() throws {
        let net = try ScopedNetwork()
        // Before its first sync the replica does not know its token's rights: the server refuses.
        let ben = try net.cluster.agent("ben", role: "agent", scope: ["--test", "Nord-1"])
        let district = try ben.ok(["district", "add", "Ouest"])
        let partner = try ben.ok(["partner", "add", "Ressourcerie", "--kind", "association"])
        let summary = try ben.sync()
        let setAside = summary["set_aside"] as? [[String: Any]] ?? []
        #expect(Set(setAside.compactMap { $0["id"] as? String }) == [district], "\(summary)")
        #expect(setAside.allSatisfy { ($0["reason"] as? String ?? "").contains("may not write a district") }, "\(summary)")
        #expect(try net.cluster.server.get("/v1/records/partner/\(partner)", token: net.cluster.adminToken) is [String: Any])
        #expect(try ben.export("partner")[partner] != nil, "a partner the token created is in its scope")

        // Once it knows: refused before writing, exit 77, nothing written.
        let add = try ben.run(["district", "add", "Centre"])
        #expect(add.status == 77, "\(add)")
        #expect(add.stderr.contains("may not write a district"), "\(add)")
        let set = try ben.run(["set", net.tests["Nord-1"]!, "target_kg=1"])
        #expect(set.status == 77, "\(set)")
        #expect(Set(try ben.export("district").keys) == [net.districts["Nord"]!, district], "Centre was never written")
        // An agent still logs in its scope.
        _ = try ben.ok(["log", "--test", net.tests["Nord-1"]!, "--category", "tools", "--kg", "2"])
        #expect((try ben.sync()["set_aside"] as? [Any])?.isEmpty == true)
    }

    @Test func revokedToken_isRefused_andItsNameCanBeGivenAgain() throws {
        let net = try ScopedNetwork()
        let awa = try net.cluster.agent("awa", role: "agent", scope: ["--test", "Nord-1"])
        try awa.sync()
        try net.server(["token", "revoke", "awa"])
        let refused = try awa.run(["sync"])
        #expect(refused.status == 77, "\(refused)")
        let again = try net.cluster.server.token("awa", role: "agent", scope: ["--test", "Sud-1"])
        let synced = try awa.run(["sync", "--token", again])
        #expect(synced.status == 0, "\(synced)")
        try net.oracle().restricted(tests: [net.tests["Sud-1"]!], districts: []).expectHeld(by: awa, "re-added:")
        let list = try net.cluster.server.command(["token", "list", "--json"])
        let tokens = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["tokens"] as? [[String: Any]] ?? []
        let entry = tokens.first { $0["name"] as? String == "awa" } ?? [:]
        #expect(entry["revoked_at"] is NSNull, "\(entry)")
        #expect(entry["scope"] as? [String] == ["t:\(net.tests["Sud-1"]!)"], "\(entry)")
        #expect(entry["last_used_at"] is String, "\(entry)")
    }
}

/// Re-sending after the server went back follows the token's rights.
@Suite(
    .serialized, .disabled(if: TestStore.isPostgres, "backup and restore are SQLite commands; PostgreSQL is backed up with pg_dump")
) struct ScopeRecoveryTests {
    @Test func afterARestore_aScopedAgentResendsWhatItMayWrite_andLeavesTheRest() throws {
        let net = try ScopedNetwork()
        let awa = try net.cluster.agent("awa", role: "agent", scope: ["--test", "Nord-1"])
        try awa.sync()
        let backup = net.cluster.folder.file("before.sqlite")
        let made = try net.cluster.server.command(["backup", backup])
        #expect(made.status == 0, "\(made)")

        // Lost by the restore: the boss's edit of the test (which Awa pulled) and Awa's collection.
        try net.edit(["set", net.tests["Nord-1"]!, "target_kg=500"])
        let logged = try awa.ok(["log", "--test", net.tests["Nord-1"]!, "--category", "tools", "--kg", "4"])
        try awa.sync()

        net.cluster.server.stop()
        let restore = try net.cluster.server.command(["restore", backup])
        #expect(restore.status == 0, "\(restore)")
        try net.cluster.server.start()

        let summary = try awa.sync()
        let recovery = summary["recovery"] as? [String: Any] ?? [:]
        #expect(recovery["left"] as? Int == 1, "the test's edit is left to a coordinator: \(summary)")
        #expect(recovery["refused"] as? Int == 0, "\(summary)")
        #expect(try net.cluster.server.get("/v1/records/collection/\(logged)", token: net.cluster.adminToken) is [String: Any])
        // The boss, whose token may write tests, sends the edit again.
        try net.boss.sync()
        let test = try net.cluster.server.get("/v1/records/test/\(net.tests["Nord-1"]!)", token: net.cluster.adminToken)
        #expect(((test as? [String: Any])?["fields"] as? [String: Any])?["target_kg"] as? Double == 500)
    }
}
