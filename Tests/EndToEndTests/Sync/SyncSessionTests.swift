import GisementClient
import GisementShared
import Testing

/// The sync algorithm against the real server called in process, with real replicas on disk.
@Suite struct SyncSessionTests {
    @Test func sync_convergesTwoReplicas_whenEachPushesAndPulls() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        let b = try fixture.makeReplica("b")
        let district = try a.create(kind: .district, fields: [("name", .text("Bellevue")), ("population", .integer(5200))])
        _ = try b.create(kind: .partner, fields: [("name", .text("Emmaüs")), ("kind", .text("association"))])

        let first = try fixture.sync(a)
        #expect(first.pushed == 2)
        #expect(first.pulled == 0)
        let second = try fixture.sync(b)
        #expect(second.pushed == 2)
        #expect(second.pulled == 2)
        let third = try fixture.sync(a)
        #expect(third.pushed == 0)
        #expect(third.pulled == 2)

        #expect(try SyncFixture.state(of: a) == fixture.server.state)
        #expect(try SyncFixture.state(of: b) == fixture.server.state)
        #expect(try b.record(kind: .district, id: district)?.text("name") == "Bellevue")
        #expect(try a.pendingCount() == 0)
        #expect(try a.syncState.lastSync != nil)
    }

    @Test func sync_listsOwnLostEdit_whenAConcurrentEditWins() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        let b = try fixture.makeReplica("b", skew: 1_000)  // b's write is stamped later: it wins
        let id = try a.create(kind: .district, fields: [("name", .text("Bellevue"))])
        try fixture.sync(a)
        try fixture.sync(b)
        try a.write(kind: .district, id: id, fields: [("population", .integer(100))])
        try b.write(kind: .district, id: id, fields: [("population", .integer(200))])

        let bSummary = try fixture.sync(b)
        #expect(bSummary.lostEdits.isEmpty)
        let aSummary = try fixture.sync(a)
        #expect(aSummary.conflicts == 1)
        let lost = try #require(aSummary.lostEdits.first)
        #expect(lost.id == id && lost.field == "population" && lost.label == "Bellevue")
        #expect(lost.yourValue == .integer(100) && lost.winningValue == .integer(200))
        #expect(lost.winningReplica == b.replicaID)
        #expect(aSummary.text.contains("yours 100, kept 200"))
        #expect(try a.record(kind: .district, id: id)?.integer("population") == 200)
        #expect(try fixture.server.mergeLogCount() == 1)
        #expect(try a.conflicts().contains { $0.isOwnEditLost && $0.field == "population" })
    }

    @Test func sync_setsAsideRefusedChange_andPushesTheOthers() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        _ = try a.create(kind: .district, fields: [("name", .text("Nord"))])
        _ = try a.create(kind: .district, fields: [("name", .text("Sud"))])
        // A value the server refuses, written behind the store's back as an old client might have.
        try a.rewritePendingChange(counter: 1, field: "population", value: .integer(-5))
        let observer = RecordingObserver()

        let summary = try fixture.sync(a, observer: observer)

        #expect(summary.pushed == 1)
        #expect(summary.setAside.count == 1)
        #expect(summary.setAside.first?.field == "population")
        #expect(observer.notices.contains { $0.contains("population") && $0.contains("set aside") })
        #expect(try a.setAsideChanges().count == 1)
        #expect(try a.pendingCount() == 0)
        #expect(try fixture.server.heldDots() == 1)
        // The set-aside change is not offered again.
        #expect(try fixture.sync(a).pushed == 0)
    }

    @Test func sync_takesNewReplicaID_whenServerHoldsHigherCounter() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        _ = try a.create(kind: .district, fields: [("name", .text("Nord"))])
        let backup = fixture.folder.file("backup.sqlite")
        try a.database.execute(sql: "VACUUM INTO '\(backup)'")
        _ = try a.create(kind: .district, fields: [("name", .text("Est"))])
        try fixture.sync(a)  // the server now holds counters 1 and 2 from a
        let restored = try ReplicaStore(path: backup, clock: a.clock)
        let oldID = restored.replicaID
        _ = try restored.create(kind: .district, fields: [("name", .text("Ouest"))])  // counter 2 again
        let observer = RecordingObserver()

        let summary = try fixture.sync(restored, observer: observer)

        #expect(summary.previousReplicaID == oldID)
        #expect(restored.replicaID != oldID)
        #expect(summary.restamped == 2)
        #expect(summary.pushed == 2)
        #expect(observer.notices.contains { $0.contains("restored from an old copy") })
        let names = try restored.records(kind: .district).compactMap { $0.text("name") }.sorted()
        #expect(names == ["Est", "Nord", "Ouest"])
        #expect(try SyncFixture.state(of: restored) == fixture.server.state)
    }

    @Test func sync_retriesTransientFailures_withGrowingWaits() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        _ = try a.create(kind: .district, fields: [("name", .text("Nord"))])
        fixture.server.inject(.status(503), on: "POST /v1/changes")
        fixture.server.inject(.transport(.connectionLost), on: "POST /v1/changes")
        fixture.server.inject(.status(500), on: "GET /v1/changes")
        let waits = RecordedWaits()

        let summary = try fixture.sync(a, waits: waits)

        #expect(summary.pushed == 1)
        #expect(waits.all.count == 3)
        #expect(waits.all[0] >= 0.125 && waits.all[0] <= 0.25)
        #expect(waits.all[1] >= 0.25 && waits.all[1] <= 0.5)
    }

    @Test func sync_failsUnreachable_andKeepsOutbox_whenServerNeverAnswers() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        _ = try a.create(kind: .district, fields: [("name", .text("Nord")), ("population", .integer(3))])
        for _ in 1...4 { fixture.server.inject(.transport(.cannotConnect), on: "GET") }
        let waits = RecordedWaits()

        let error = #expect(throws: SyncError.self) { try fixture.sync(a, waits: waits) }

        #expect(error?.exitCode == 69)
        #expect(error?.message.contains("Nothing was lost; 2 changes wait for the next sync.") == true)
        #expect(waits.all.count == 3)
        #expect(try a.pendingCount() == 2)
    }

    @Test func sync_failsRefused_whenTokenUnknown() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        let error = #expect(throws: SyncError.self) { try fixture.sync(a, token: "nope") }
        #expect(error?.exitCode == 77)
        #expect(error?.message.contains("token add") == true)
    }

    @Test func sync_stopsBeforeStamping_whenLocalClockFarAhead() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a", skew: 15 * 60_000)
        _ = try a.create(kind: .district, fields: [("name", .text("Nord"))])
        let error = #expect(throws: SyncError.self) { try fixture.sync(a) }
        #expect(error?.exitCode == 65)
        #expect(error?.message.contains("ahead of the server's by 15 min 0 s") == true)
        #expect(fixture.server.requests.count == 1)
        #expect(try a.pendingCount() == 1)
    }

    @Test func sync_warnsButGoesOn_whenClocksDifferByMinutes() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a", skew: -5 * 60_000)
        let observer = RecordingObserver()
        let summary = try fixture.sync(a, observer: observer)
        #expect(summary.clockOffset == Int64(300_000))
        #expect(observer.notices.first?.contains("behind the server's by 5 min 0 s") == true)
    }

    @Test func sync_endsInSameState_whenAcknowledgementIsLost() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        for i in 0..<30 { _ = try a.create(kind: .district, fields: [("name", .text("D\(i)"))]) }
        fixture.server.inject(.handleThenDrop, on: "POST /v1/changes")

        let summary = try fixture.sync(a, configuration: SyncConfiguration(pushBatchSize: 7, pullPageSize: 4))

        #expect(summary.pushed == 30)
        #expect(summary.duplicates == 7)
        #expect(try fixture.server.heldDots() == 30)
        #expect(try SyncFixture.state(of: a) == fixture.server.state)
    }

    @Test func sync_resumesWhereItStopped_whenNetworkDropsMidPush() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        let b = try fixture.makeReplica("b")
        for i in 0..<25 { _ = try a.create(kind: .district, fields: [("name", .text("D\(i)"))]) }
        fixture.server.inject(.handleThenDrop, on: "POST")
        for _ in 1...6 { fixture.server.inject(.transport(.cannotConnect), on: "POST") }
        let small = SyncConfiguration(pushBatchSize: 10, pullPageSize: 3)

        #expect(throws: SyncError.self) { try fixture.sync(a, configuration: small, retry: RetryPolicy(maxAttempts: 2)) }
        #expect(try a.pendingCount() > 0)
        fixture.server.clearFaults()
        try fixture.sync(a, configuration: small)
        try fixture.sync(b, configuration: small)

        #expect(try a.pendingCount() == 0)
        #expect(try fixture.server.heldDots() == 25)
        #expect(try SyncFixture.state(of: b) == fixture.server.state)
        #expect(try SyncFixture.state(of: a) == fixture.server.state)
    }

    /// The push reads each batch while the server works on the one before: record writes cut by
    /// batches, and refusals that make it read the outbox again, still send every change once.
    @Test func sync_sendsEveryChangeOnce_whenWritesStraddleBatches_andSomeAreRefused() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        for i in 0..<10 {
            _ = try a.create(
                kind: .district, fields: [("name", .text("D\(i)")), ("population", .integer(100 + Int64(i))), ("habitat", .text("rural"))])
        }
        // Refused values in the first batch and in a later one (batches of 7: 1–7, 8–14, …).
        try a.rewritePendingChange(counter: 2, field: "population", value: .integer(-5))
        try a.rewritePendingChange(counter: 17, field: "population", value: .integer(-7))

        let summary = try fixture.sync(a, configuration: SyncConfiguration(pushBatchSize: 7, pullPageSize: 4))

        #expect(summary.pushed == 28)
        #expect(summary.setAside.count == 2)
        #expect(summary.duplicates == 0, "no accepted change was sent twice")
        #expect(try fixture.server.heldDots() == 28)
        #expect(try a.pendingCount() == 0)
        // The server holds every field but the two refused values, as the replica wrote them.
        let refused: Set<UInt64> = [2, 17]
        let local = try SyncFixture.state(of: a)
        let served = try fixture.server.state
        #expect(served.count == 28)
        #expect(served.allSatisfy { local[$0.key] == $0.value }, "\(served.filter { local[$0.key] != $0.value })")
        // Every change went out; a refused one only in the request that was refused.
        let pushes = try fixture.server.requests.filter { $0.method == "POST" && $0.path == "/v1/changes" }
            .map { try PushBody.decode($0.body ?? []).changes.map(\.counter) }
        #expect(Set(pushes.joined()) == Set(1...30))
        #expect(pushes.joined().filter(refused.contains).count == 2, "\(pushes)")
    }

    @Test func sync_halvesBatches_whenServerSaysTooLarge() throws {
        let fixture = try SyncFixture()
        fixture.server.maxChangesPerPush = 3
        let a = try fixture.makeReplica("a")
        for i in 0..<10 { _ = try a.create(kind: .district, fields: [("name", .text("D\(i)"))]) }
        let summary = try fixture.sync(a, configuration: SyncConfiguration(pushBatchSize: 8))
        #expect(summary.pushed == 10)
        #expect(try fixture.server.heldDots() == 10)
    }

    @Test func sync_remembersServerAndToken_onlyOnceAccepted() throws {
        let fixture = try SyncFixture()
        let a = try fixture.makeReplica("a")
        let refused = fixture.client(token: "bad", label: "http://x")
        #expect(throws: SyncError.self) {
            try SyncSession(store: a, client: refused, clock: a.clock, remember: ("http://x", "bad")).run()
        }
        #expect(try a.syncState.token == nil)
        let token = fixture.server.token
        _ = try SyncSession(store: a, client: fixture.client(label: "http://x"), clock: a.clock, remember: ("http://x", token)).run()
        #expect(try a.syncState.token == token)
        #expect(try a.syncState.server == "http://x")
    }
}

@Suite struct SyncServerSwitchTests {
    /// Another server is another store: the replica compares with it as after a restore, takes
    /// what it holds and sends it what it lacks.
    @Test func sync_withAnotherServer_takesItsRecords_andSendsItTheReplicas() throws {
        let one = try SyncFixture()
        let two = try SyncFixture()
        let a = try one.makeReplica("a")
        let b = try two.makeReplica("b")
        for name in ["Nord", "Sud", "Est"] { _ = try b.create(kind: .district, fields: [("name", .text(name))]) }
        try two.sync(b)
        _ = try a.create(kind: .district, fields: [("name", .text("Ouest"))])
        let first = one.client(label: "http://one")
        _ = try SyncSession(store: a, client: first, clock: a.clock, remember: ("http://one", nil)).run()
        #expect(try a.syncState.cursor == 1)

        let second = two.client(label: "http://two")
        let summary = try SyncSession(store: a, client: second, clock: a.clock, remember: ("http://two/", nil)).run()

        #expect(summary.serverWentBack != nil, "\(summary)")
        #expect(summary.recovery?.received == 3 && summary.recovery?.sent == 1, "\(summary)")
        #expect(try a.records(kind: .district).count == 4)
        #expect(try SyncFixture.state(of: a) == two.server.state)
        #expect(SyncSession.isAnotherServer("http://one/", than: "http://ONE") == false)
    }
}
