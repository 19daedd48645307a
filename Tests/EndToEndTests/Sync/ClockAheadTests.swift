import Foundation
import GisementClient
import GisementShared
import Synchronization
import Testing

/// A device clock that was ahead (an hour, a day), then corrected.
@Suite struct ClockAheadTests {
    /// A skew the test changes while the replica runs.
    final class Skew: Sendable {
        let value = Mutex<Int64>(0)
    }

    private func replica(_ fixture: SyncFixture, _ name: String, skew: Skew) throws -> ReplicaStore {
        let server = fixture.server
        return try ReplicaStore.create(
            path: fixture.folder.file(name + ".sqlite"), clock: WallClock { server.time + skew.value.withLock { $0 } },
            synchronous: .normal)
    }

    @Test(arguments: [3_600_000 as Int64, 86_400_000])
    func editsWrittenWhileAhead_leaveAtOnce_withTheCorrectedTime(ahead: Int64) throws {
        let fixture = try SyncFixture()
        let skew = Skew()
        let a = try replica(fixture, "a", skew: skew)
        let b = try fixture.makeReplica("b")
        let district = try a.create(kind: .district, fields: [("name", .text("Nord"))])
        try fixture.sync(a)
        try fixture.sync(b)

        skew.value.withLock { $0 = ahead }
        try a.write(kind: .district, id: district, fields: [("code", .text("from-a"))])
        skew.value.withLock { $0 = 0 }
        fixture.server.time += 1_000
        // Another agent's later edit of the same field, written with a right clock.
        try b.write(kind: .district, id: district, fields: [("code", .text("from-b"))])

        let observer = RecordingObserver()
        let summary = try fixture.sync(a, observer: observer)
        #expect(summary.pushed == 1)
        #expect(observer.notices.contains { $0.contains("stamped again") })
        let sent = try fixture.server.winners().first { $0.field == "code" }
        #expect(sent.map { $0.hlc.wall <= fixture.server.time } == true, "stamped with the corrected time")
        try fixture.sync(b)
        try fixture.sync(a)
        #expect(try a.record(kind: .district, id: district)?.text("code") == "from-b", "the later edit wins")
        #expect(try b.record(kind: .district, id: district)?.text("code") == "from-b")
        // Later local edits are stamped with the right time as well.
        try a.write(kind: .district, id: district, fields: [("commune", .text("Lille"))])
        #expect(try a.syncState.hlc.wall <= fixture.server.time + 1)
    }
}
