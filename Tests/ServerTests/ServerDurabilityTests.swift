import Foundation
import GisementServer
import GisementShared
import GisementSQLite
import TestSupport
import Testing

/// The spawned server under load: kill -9 keeps every acknowledged push, backup while serving.
@Suite(.serialized) struct ServerDurabilityTests {
    let folder = TemporaryFolder("durable")
    /// The store the spawned servers serve (``StoreEngine/current``).
    let db: String

    init() throws { db = try StoreEngine.current.database(in: folder) }

    /// Pushes batches from `clients` replicas until `stop` is set; returns the acknowledged changes.
    static func load(
        _ baseURL: String, token: String, clients: Int, batch: Int, until stop: StopFlag
    ) async -> [Change] {
        await withTaskGroup(of: [Change].self) { group in
            for i in 0..<clients {
                group.addTask {
                    let client = APIClient(baseURL: baseURL, token: token)
                    var maker = ChangeMaker(replica: "r-load-\(i)")
                    var acknowledged: [Change] = []
                    var round = 0
                    while !stop.isSet {
                        let changes = maker.districts(batch, prefix: "b\(round)")
                        round += 1
                        guard let reply = try? await client.push(changes, replica: maker.replica), reply.status == 200 else {
                            break
                        }
                        acknowledged += changes
                    }
                    return acknowledged
                }
            }
            var all: [Change] = []
            for await part in group { all += part }
            return all
        }
    }

    static func addToken(_ db: String) async throws -> String {
        let add = try await ServerBinary.run(["token", "add", "loader", "--role", "admin", "--db", db])
        return add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func kill9_underLoad_keepsEveryAcknowledgedPush() async throws {
        // Not while a storm of another suite runs: it counts this process's descriptors / needs the cores.
        try await StormGate.run { try await kill9_underLoad_keepsEveryAcknowledgedPush_body() }
    }

    private func kill9_underLoad_keepsEveryAcknowledgedPush_body() async throws {
        let token = try await Self.addToken(db)
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("err1.log"))
        let stop = StopFlag()
        let baseURL = server.baseURL
        let loader = Task { await Self.load(baseURL, token: token, clients: 8, batch: 20, until: stop) }
        // Killed under load, once pushes are being acknowledged (on a loaded machine the first
        // ones can take longer than a fixed sleep).
        let probe = APIClient(baseURL: baseURL, token: token)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? await probe.pull(since: 0, limit: 1).changes.isEmpty) ?? true {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(1000))
        _ = await server.stop(signal: SIGKILL)
        stop.set()
        let acknowledged = await loader.value
        #expect(acknowledged.count > 0)

        let restarted = try await ServerProcess.start(database: db, stderrPath: folder.file("err2.log"))
        let stored = try await APIClient(baseURL: restarted.baseURL, token: token).pullAll(limit: 10_000)
        let dots = Set(stored.map(\.dot))
        let missing = acknowledged.filter { !dots.contains($0.dot) }
        #expect(missing.isEmpty, "\(missing.count) of \(acknowledged.count) acknowledged changes lost")
        #expect(await restarted.stop(signal: SIGTERM) == 0)
    }

    @Test func sixteenClients_pushingAtOnce_allPresentAfterwards() async throws {
        let token = try await Self.addToken(db)
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("err.log"))
        let baseURL = server.baseURL
        let pushed = try await withThrowingTaskGroup(of: [Change].self) { group in
            for i in 0..<16 {
                group.addTask {
                    let client = APIClient(baseURL: baseURL, token: token)
                    var maker = ChangeMaker(replica: "r-c\(i)")
                    var all: [Change] = []
                    for round in 0..<5 {
                        let changes = maker.districts(40, prefix: "x\(round)")
                        let reply = try await client.push(changes, replica: maker.replica)
                        #expect(reply.status == 200)
                        all += changes
                    }
                    return all
                }
            }
            var all: [Change] = []
            for try await part in group { all += part }
            return all
        }
        let stored = try await APIClient(baseURL: baseURL, token: token).pullAll(limit: 10_000)
        #expect(stored.count == pushed.count)
        #expect(Set(stored.map(\.dot)) == Set(pushed.map(\.dot)))
        #expect(stored.compactMap(\.seq) == Array(1...Int64(pushed.count)), "the feed has no gap and no repeat")
        #expect(await server.stop(signal: SIGTERM) == 0)
    }

    @Test(.disabled(if: TestStore.isPostgres, "backup is a SQLite command; PostgreSQL is backed up with pg_dump"))
    func backup_whileServing_isAValidDatabase() async throws {
        let token = try await Self.addToken(db)
        let server = try await ServerProcess.start(database: db, stderrPath: folder.file("err.log"))
        let stop = StopFlag()
        let baseURL = server.baseURL
        let loader = Task { await Self.load(baseURL, token: token, clients: 4, batch: 50, until: stop) }
        try await Task.sleep(for: .milliseconds(500))
        let copy = folder.file("backup.sqlite")
        let backup = try await ServerBinary.run(["backup", copy, "--db", db])
        stop.set()
        let acknowledged = await loader.value
        #expect(backup.status == 0, "\(backup.stderr)")
        let again = try await ServerBinary.run(["backup", copy, "--db", db])
        #expect(again.status == 1, "an existing file is never overwritten")
        #expect(await server.stop(signal: SIGTERM) == 0)

        let restored = try Database(path: copy, options: DatabaseOptions(access: .readOnly))
        #expect(try restored.scalar(sql: "PRAGMA integrity_check")?.textValue == "ok")
        let rows = try restored.scalar(sql: "SELECT count(*) FROM field_versions")?.integerValue ?? -1
        #expect(rows > 0 && rows <= Int64(acknowledged.count))
        let maxSeq = try restored.scalar(sql: "SELECT max(seq) FROM field_versions")?.integerValue ?? -1
        #expect(maxSeq == rows, "the copy is one committed state: seqs 1...n without holes")
        // The copy serves as a database of its own.
        let store = try ServerStore.open(path: copy)
        #expect(try await store.feedHead() == rows)
        await store.close()
    }
}
