import Foundation
import GisementServer
import GisementShared
import TestSupport
import Testing

/// The server side of "nothing acknowledged is lost": exact deduplication by dot and content,
/// copies refused with 409, relayed changes, replica ownership, status and verify routes.
@Suite struct RecoveryAPITests {
    @Test func sameDot_differentContent_fromTheOwner_is409_andNothingIsKept() async throws {
        let live = try await LiveAPIServer.start()
        let agent = live.client(.agent)
        var original = ChangeMaker(replica: "r-copy")
        var copy = original
        let first = original.write(.partner, "p-1", "name", .text("Nord"))
        #expect(try await agent.push([first], replica: "r-copy").status == 200)
        // The copy of the file issues the same dot with other content, plus a change of its own.
        let clash = copy.write(.partner, "p-1", "name", .text("Sud"))
        let other = copy.write(.partner, "p-2", "name", .text("Est"))
        let reply = try await agent.push([other, clash].reversed(), replica: "r-copy")
        #expect(reply.status == 409 && reply.errorCode == "replica_conflict", "\(reply.text)")
        #expect(reply.json["error"]?["index"]?.integerValue == 0)
        #expect(try await agent.pullAll().count == 1, "nothing of the refused push is stored")
        // The very same change again is a duplicate, as before.
        let again = try await agent.push([first], replica: "r-copy")
        #expect(again.status == 200 && again.json["duplicates"]?.integerValue == 1)
        await live.stop()
    }

    @Test func relayedChanges_fillWhatIsMissing_neverDisplaceWhatIsHeld() async throws {
        let live = try await LiveAPIServer.start()
        let agent = live.client(.agent)
        let coordinator = live.client(.coordinator)
        var owner = ChangeMaker(replica: "r-owner")
        let held = owner.write(.partner, "p-1", "name", .text("Nord"))
        let lost = owner.write(.partner, "p-2", "name", .text("Sud"))
        #expect(try await agent.push([held], replica: "r-owner").status == 200)

        var forged = held
        forged.value = .text("Forged")
        forged.isRelayed = true
        var relayedLost = lost
        relayedLost.isRelayed = true
        let relay = try await coordinator.push([forged, relayedLost], replica: "r-relay")
        #expect(relay.status == 200, "\(relay.text)")
        #expect(relay.json["accepted"]?.integerValue == 1 && relay.json["duplicates"]?.integerValue == 1)
        let records = try await agent.pullAll()
        #expect(records.first { $0.id == "p-1" }?.value == .text("Nord"), "a relay never displaces a held dot")
        #expect(records.first { $0.id == "p-2" }?.value == .text("Sud"))

        // Relayed dots are not the owner's progress; the owner's own push of one is no conflict.
        let status = try await agent.get("/v1/replicas/r-owner")
        #expect(status.json["counter"]?.integerValue == 1 && status.json["relayed_counter"]?.integerValue == 2)
        let ownerAgain = try await agent.push([lost], replica: "r-owner")
        #expect(ownerAgain.status == 200 && ownerAgain.json["duplicates"]?.integerValue == 1)
        #expect(try await agent.get("/v1/replicas/r-owner").json["counter"]?.integerValue == 2)
        await live.stop()
    }

    @Test func ownerOverAForgedRelay_isMergedAsUsual_notRefused() async throws {
        let live = try await LiveAPIServer.start()
        var owner = ChangeMaker(replica: "r-victim")
        let genuine = owner.write(.partner, "p-1", "name", .text("Genuine"))
        var forged = genuine
        forged.value = .text("Forged")
        forged.isRelayed = true
        #expect(try await live.client(.coordinator).push([forged], replica: "r-attacker").status == 200)
        let reply = try await live.client(.agent).push([genuine], replica: "r-victim")
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["accepted"]?.integerValue == 1)
        await live.stop()
    }

    @Test func aReplicaID_belongsToTheFirstTokenThatPushesUnderIt() async throws {
        let live = try await LiveAPIServer.start()
        var maker = ChangeMaker(replica: "r-owned")
        #expect(try await live.client(.agent).push([maker.write(.partner, "p-1", "name", .text("A"))], replica: "r-owned").status == 200)
        let stolen = try await live.client(.coordinator).push(
            [maker.write(.partner, "p-1", "name", .text("B"))], replica: "r-owned")
        #expect(stolen.status == 403 && stolen.errorCode == "replica_owned", "\(stolen.text)")
        #expect(stolen.text.contains("replica release"))

        // A change that names another replica must be marked relayed.
        var other = ChangeMaker(replica: "r-someone")
        let mismatch = try await live.client(.agent).push(
            [other.write(.partner, "p-9", "name", .text("X"))], replica: "r-owned")
        #expect(mismatch.status == 403 && mismatch.errorCode == "replica_mismatch")
        await live.stop()

        let released = try await ServerBinary.run(["replica", "release", "r-owned", "--db", live.database])
        #expect(released.status == 0, "\(released)")
        #expect(released.stderr.contains("agent-token"))
        let again = try await ServerBinary.run(["replica", "release", "r-owned", "--db", live.database])
        #expect(again.status == 65 && again.stderr.contains("No token owns"), "\(again)")
    }

    @Test func status_tellsTheStoreGenerationHeadAndRewind() async throws {
        let live = try await LiveAPIServer.start()
        let agent = live.client(.agent)
        var maker = ChangeMaker(replica: "r-s")
        _ = try await agent.push(maker.partners(3), replica: "r-s")
        let first = try await agent.get("/v1/replicas/r-s").json
        let generation = first["generation"]?.stringValue ?? ""
        #expect(!generation.isEmpty && first["head"]?.integerValue == 3)
        #expect(first["rewind"] == .null, "no lineage sent")
        #expect(try await agent.get("/v1/replicas/r-s?lineage=\(generation)").json["rewind"] == .null)
        #expect(try await agent.get("/v1/replicas/r-s?lineage=g-unknown").json["rewind"]?.integerValue == 0)
        #expect(try await agent.get("/v1/replicas/r-s?lineage=a,b;c").status == 400)
        await live.stop()
    }

    @Test func bucketDigests_matchARecomputation_afterMerges() async throws {
        let live = try await LiveAPIServer.start()
        let agent = live.client(.agent)
        var a = ChangeMaker(replica: "r-a")
        var b = ChangeMaker(replica: "r-b")
        var pushed: [Change] = []
        for i in 0..<40 {
            let change = i % 2 == 0
                ? a.write(.collection, "c-\(i % 7)", "notes", .text("a\(i)"))
                : b.write(.collection, "c-\(i % 7)", "notes", .text("b\(i)"))
            pushed.append(change)
            let pusher = agent.with(token: live.tokens[i % 2 == 0 ? .agent : .coordinator])
            #expect(try await pusher.push([change], replica: change.replica).status == 200)
        }
        let held = try await agent.pullAll()
        var expected = [UInt64](repeating: 0, count: VersionDigest.bucketCount)
        for change in held { expected[VersionDigest.bucket(change.record)] &+= VersionDigest.hash(change) }
        let reply = try await agent.get("/v1/verify/buckets")
        let buckets = VerifyMessages.Buckets(reply.json)
        #expect(buckets?.digests == expected)
        #expect(buckets?.head == held.compactMap(\.seq).max())
        await live.stop()
    }

    /// The records of the buckets asked for, read by one scan (the bucket has no index): exactly
    /// those records, each with its digest, whichever order the buckets come in.
    @Test func verifyRecords_areExactlyTheRecordsOfTheBucketsAsked() async throws {
        let live = try await LiveAPIServer.start()
        let agent = live.client(.agent)
        var maker = ChangeMaker(replica: "r-v")
        let changes = (0..<60).map { maker.write(.collection, "c-\($0)", "notes", .text("n\($0)")) }
        #expect(try await agent.push(changes, replica: "r-v").status == 200)
        var byBucket: [Int: [String: UInt64]] = [:]
        for change in try await agent.pullAll() {
            byBucket[VersionDigest.bucket(change.record), default: [:]][change.id, default: 0] &+= VersionDigest.hash(change)
        }
        let asked = Array(byBucket.keys.sorted().prefix(3).reversed())
        let reply = try await agent.send(
            "POST", "/v1/verify/records", body: JSONWriter.encode(VerifyMessages.bucketsRequest(asked)))
        #expect(reply.status == 200, "\(reply.text)")
        var got: [String: UInt64] = [:]
        for (key, digest) in VerifyMessages.records(fromAnswer: reply.json) ?? [] { got[key.id] = digest }
        let expected = asked.reduce(into: [String: UInt64]()) { $0.merge(byBucket[$1] ?? [:]) { a, _ in a } }
        #expect(!expected.isEmpty)
        #expect(got == expected)
        await live.stop()
    }
}
