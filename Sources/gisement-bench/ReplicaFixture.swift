import Foundation
import GisementClient
import GisementShared
import Synchronization

/// A client replica holding one district, one test and `collections` collections of ten fields
/// each, all pending (never synced): what the sync scenarios push and the report scenario reads.
///
/// Built through ``ReplicaStore/write(_:)`` in batches of ``batchRecords`` records, one
/// transaction per batch (the import path), with ids from the replica's own generator
/// (``ReplicaStore/newID(for:)``), since their order decides how scattered every index write is.
/// A fixture is built once per size per bench run and copied by each scenario that needs it.
struct ReplicaFixture: Sendable {
    /// The ten fields written per collection: 100,000 collections make 1,000,000 field changes.
    static let fieldsPerCollection = 10
    static let batchRecords = 1000

    let path: String
    let replicaID: String
    let districtID: String
    let testID: String
    let testName: String
    let collections: Int
    /// Field changes in the outbox (the two setup records included).
    let changes: Int
    /// How long writing the collections took (the batched import path).
    let buildSeconds: Double

    /// The fixture of `collections` collections, built on first use in this run.
    static func make(collections: Int) throws -> ReplicaFixture {
        try FixtureCache.shared.replica(collections: collections)
    }

    /// Copies the fixture to `path` (a fresh replica file of the same content), with its
    /// write-ahead log: a replica closes without checkpointing, so the WAL may hold the last writes.
    func copy(to path: String) throws {
        try copyDatabase(from: self.path, to: path)
    }

    /// Builds the fixture at `path`.
    static func build(at path: String, collections: Int) throws -> ReplicaFixture {
        let store = try ReplicaStore.create(path: path, settings: .init(agent: "Bench"))
        let districtID = try store.create(
            kind: .district, fields: [("name", .text("Nord")), ("population", .integer(52_000)), ("habitat", .text("dense-urban"))])
        let testName = "Nord spring"
        let testID = try store.create(
            kind: .pilotTest,
            fields: [("name", .text(testName)), ("district", .text(districtID)), ("starts_on", .text("2026-03-01")),
                     ("ends_on", .text("2026-05-31")), ("target_kg", .decimal(20_000))])
        let start = ContinuousClock.now
        var written = 0
        while written < collections {
            let count = min(batchRecords, collections - written)
            let writes = (0..<count).map { i in
                RecordWrite(
                    kind: .collection, id: store.newID(for: .collection),
                    fields: collectionFields(written + i, test: testID, district: districtID), isNew: true)
            }
            try store.write(writes)
            written += count
        }
        let seconds = start.duration(to: .now).seconds
        let changes = try store.pendingCount()
        return ReplicaFixture(
            path: path, replicaID: store.replicaID, districtID: districtID, testID: testID, testName: testName,
            collections: collections, changes: changes, buildSeconds: seconds)
    }

    /// The ten fields of collection number `i`: every vocabulary and type the schema has.
    static func collectionFields(_ i: Int, test: String, district: String) -> [(name: String, value: FieldValue)] {
        let categories = Vocabulary.categories
        let sources = ["door-to-door", "drop-off-point", "partner-site", "event", "waste-center"]
        let conditions = ["reusable", "repairable", "recyclable", "waste"]
        let outcomes = ["pending", "reused", "repaired", "recycled", "disposed"]
        let items = ["bike", "phone", "laptop", "chair", "jacket", "drill", "lamp"]
        let day = i % 28 + 1
        return [
            ("test", .text(test)),
            ("district", .text(district)),
            ("collected_at", .text("2026-03-\(day < 10 ? "0" : "")\(day)T\(10 + i % 8):15:30Z")),
            ("source", .text(sources[i % sources.count])),
            ("category", .text(categories[i % categories.count])),
            ("item", .text(items[i % items.count])),
            ("items", .integer(Int64(i % 5 + 1))),
            ("weight_kg", .decimal(Double(i % 400 + 1) / 10)),
            ("condition", .text(conditions[i % conditions.count])),
            ("outcome", .text(outcomes[i % outcomes.count])),
        ]
    }
}

/// Fixtures already built in this run, by size, in one folder removed when the bench ends.
final class FixtureCache: Sendable {
    /// One cache per bench process: scenarios are plain closures run one after another.
    static let shared = FixtureCache()

    private struct State {
        var directory: String?
        var replicas: [Int: ReplicaFixture] = [:]
        var servers: [Int: ServerFixture] = [:]
    }

    private let state = Mutex(State())

    /// The replica fixture of this size, built now if needed.
    func replica(collections: Int) throws -> ReplicaFixture {
        if let cached = state.withLock({ $0.replicas[collections] }) { return cached }
        let path = try folder() + "/replica-\(collections).sqlite"
        BenchOutput.line("  (building a replica of \(Measurement.grouped(Double(collections))) collections...)")
        let fixture = try ReplicaFixture.build(at: path, collections: collections)
        state.withLock { $0.replicas[collections] = fixture }
        return fixture
    }

    /// The loaded server of this size (a server database that received the replica fixture).
    func server(collections: Int, binaries: BenchBinaries) throws -> ServerFixture {
        if let cached = state.withLock({ $0.servers[collections] }) { return cached }
        let fixture = try ServerFixture.build(
            in: try folder(), replica: try replica(collections: collections), binaries: binaries)
        state.withLock { $0.servers[collections] = fixture }
        return fixture
    }

    /// Removes the folder and forgets every fixture.
    func removeAll() {
        let directory = state.withLock { state -> String? in
            defer { state = State() }
            return state.directory
        }
        if let directory {
            try? FileManager.default.removeItem(atPath: directory)
            BenchCleanup.shared.forget(directory: directory)
        }
    }

    private func folder() throws -> String {
        if let directory = state.withLock({ $0.directory }) { return directory }
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("gisement-bench-fixtures.XXXXXX")
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw BenchFailure("could not make a temporary folder \(template)") }
        let directory = String(cString: made)
        BenchCleanup.shared.register(directory: directory)
        state.withLock { $0.directory = directory }
        return directory
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
