#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GisementShared
import GisementSQLite

/// The local replica: a SQLite file holding every record's field versions, the current state of
/// each kind, this replica's pending changes and what sync needs to remember.
///
/// Every write goes through ``Merger`` in one IMMEDIATE transaction, so a crash leaves all of a
/// command's writes or none. The file is opened with `synchronous=FULL`: in WAL mode that syncs
/// the log at each commit, so an id the command line printed survives a power cut
/// (https://www.sqlite.org/pragma.html#pragma_synchronous).
///
/// ```swift
/// let store = try ReplicaStore.create(path: "/tmp/r.sqlite", settings: .init(agent: "Awa"))
/// let id = try store.create(kind: .district, fields: ["name": .text("Bellevue")])
/// ```
/// Not `Sendable`: one store belongs to one thread at a time, like its ``Database``.
public final class ReplicaStore {
    public let database: Database
    public let path: String
    public let clock: WallClock
    /// This replica's id (changes only through ``rotateReplicaID(newID:)``).
    public internal(set) var replicaID: ReplicaID

    /// What `init` records besides the replica id.
    public struct Settings: Sendable, Hashable {
        public var server: String?
        public var token: String?
        public var agent: String?

        public init(server: String? = nil, token: String? = nil, agent: String? = nil) {
            self.server = server
            self.token = token
            self.agent = agent
        }
    }

    /// Random ids for new records. Seeded once from the system generator: drawing 128 bits per id
    /// from `getrandom(2)` costs a system call per word, which dominated large imports.
    var idGenerator: IDGenerator
    /// The numbers standing for replica ids in the tables.
    let numbers: ReplicaNumbers

    private init(database: Database, clock: WallClock, replicaID: ReplicaID) throws {
        // A command may touch hundreds of thousands of pages (an import); a 64 MiB page cache keeps
        // them in memory instead of spilling and re-reading (https://www.sqlite.org/pragma.html#pragma_cache_size).
        try database.execute(sql: "PRAGMA cache_size = -65536")
        self.idGenerator = IDGenerator()
        self.numbers = ReplicaNumbers(database: database)
        self.database = database
        self.path = database.path
        self.clock = clock
        self.replicaID = replicaID
    }

    /// Opens the replica at `path`, which must exist: it is never created here.
    ///
    /// - Throws: ``ReplicaError``: `.missingReplica` when there is no file, `.notInitialized` when the file
    ///   is a replica whose setup never finished, `.foreignFile` or `.newerVersion` for a file of another
    ///   program or of a newer version (left untouched), `.notADatabase` for a file that is not SQLite,
    ///   the other storage codes when SQLite fails (``classified(_:path:)``).
    public convenience init(
        path: String, clock: WallClock = .system, synchronous: DatabaseOptions.Synchronous = .full
    ) throws {
        guard ReplicaStore.fileExists(path) else {
            throw ReplicaError(.missingReplica, "there is no replica at \(path)", path: path)
        }
        let database: Database
        let id: String?
        do {
            database = try Database(path: path, options: DatabaseOptions(access: .readWrite, synchronous: synchronous, checkpointsOnClose: false))
            try ReplicaSchema.migrator().migrate(database)
            id = try database.scalar(sql: "SELECT replica_id FROM replica_meta")?.textValue
        } catch {
            throw ReplicaError.classified(error, path: path)
        }
        guard let id else {
            throw ReplicaError.notInitialized(path)
        }
        try self.init(database: database, clock: clock, replicaID: id)
    }

    /// Makes a new replica at `path` (creating the file) with a fresh random id.
    ///
    /// - Throws: ``ReplicaError``: `.alreadyInitialized` when the file already holds a replica (it is left
    ///   as it was); the errors of ``init(path:clock:synchronous:)`` for a foreign file.
    public static func create(
        path: String, replicaID: ReplicaID = Identifier.random(prefix: "r-"), settings: Settings = Settings(),
        clock: WallClock = .system, synchronous: DatabaseOptions.Synchronous = .full
    ) throws -> ReplicaStore {
        precondition(Identifier.isValid(replicaID), "invalid replica id \(replicaID)")
        let existed = fileExists(path)
        if !existed {
            // The file holds the sync token: readable by its owner only. SQLite gives its -wal and
            // -shm files the permissions of the database file.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        do {
            let database = try Database(path: path, options: DatabaseOptions(synchronous: synchronous, checkpointsOnClose: false))
            let migrator = ReplicaSchema.migrator()
            if existed, try migrator.hasUnknownMigrations(database) == false,
                try database.scalar(sql: "SELECT count(*) FROM sqlite_master WHERE name = 'replica_meta'")?.integerValue == 1,
                let id = try database.scalar(sql: "SELECT replica_id FROM replica_meta")?.textValue
            {
                throw ReplicaError(.alreadyInitialized, "\(path) already holds replica \(id)", path: path)
            }
            try migrator.migrate(database)
            try database.write {
                if let id = try database.scalar(sql: "SELECT replica_id FROM replica_meta")?.textValue {
                    throw ReplicaError(.alreadyInitialized, "\(path) already holds replica \(id)", path: path)
                }
                try database.execute(
                    sql: """
                        INSERT INTO replica_meta (singleton, replica_id, server_url, token, agent, created_ms)
                        VALUES (1, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        .text(replicaID), .optional(settings.server), .optional(settings.token),
                        .optional(settings.agent), .integer(clock.now()),
                    ])
            }
            return try ReplicaStore(database: database, clock: clock, replicaID: replicaID)
        } catch {
            throw ReplicaError.classified(error, path: path)
        }
    }

    /// Whether a file exists at `path` (without opening or creating it).
    public static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The agent name given to `init`, stamped on collections logged here.
    public func agent() throws -> String? {
        try database.scalar(sql: "SELECT agent FROM replica_meta")?.textValue
    }

    /// Runs `body` in one IMMEDIATE transaction; after a failure the replica-number cache is dropped,
    /// since the rolled-back transaction may have assigned numbers that were never committed.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch {
            numbers.reset()
            throw error
        }
    }

    /// ``transaction(_:)`` committed without waiting for the disk (`synchronous=NORMAL`), for
    /// writes whose loss in a power cut costs only a repeat: an acknowledgement (the batch is
    /// pushed again and counted as duplicates) or a pulled page (pulled again: the cursor moves in
    /// the same transaction). A killed process loses nothing (the commit is in the system's cache);
    /// the next durable commit makes it durable too, and since the WAL is replayed in order a power
    /// cut can only drop such commits at the end, never one before a durable commit.
    func transactionNotWaitingForDisk<T>(_ body: () throws -> T) throws -> T {
        try database.execute(sql: "PRAGMA synchronous=NORMAL")
        defer { try? database.execute(sql: "PRAGMA synchronous=\(database.options.synchronous.rawValue)") }
        return try transaction(body)
    }

    /// Checks the file's integrity (`PRAGMA integrity_check`): "ok" when sound.
    public func integrityCheck() throws -> String {
        try database.scalar(sql: "PRAGMA integrity_check")?.textValue ?? "no answer"
    }
}

/// The part of the meta row every write reads and writes back: the replica id, its HLC and counter.
struct WriterState {
    var replicaID: ReplicaID
    var hlc: HybridLogicalClock
    var counter: UInt64

    /// Reads the state; call inside the write transaction so that no other process moves it meanwhile.
    static func load(_ database: Database) throws -> WriterState {
        let statement = try database.cachedStatement(
            sql: "SELECT replica_id, hlc_wall, hlc_logical, counter FROM replica_meta")
        defer { statement.reset() }
        guard try statement.step() else {
            throw ReplicaError.notInitialized(database.path)
        }
        // Read by type: SQLite turns a text in an integer column into 0, and a counter read as 0
        // would issue dots the server already holds.
        let row = StoredRow(
            row: GisementSQLite.Row(names: statement.columnNames, values: (0..<4).map { statement.value(at: $0) }),
            table: "replica_meta", key: .integer(1), path: database.path)
        return WriterState(
            replicaID: try row.text(0),
            hlc: HybridLogicalClock(
                last: HLCTimestamp(wall: try row.integer(1), logical: UInt32(truncatingIfNeeded: try row.integer(2)))),
            counter: UInt64(bitPattern: try row.integer(3)))
    }

    /// Writes the HLC and counter back.
    func save(_ database: Database) throws {
        try database.execute(
            sql: "UPDATE replica_meta SET hlc_wall = ?, hlc_logical = ?, counter = ?",
            arguments: [.integer(hlc.last.wall), .integer(Int64(hlc.last.logical)), .integer(Int64(counter))])
    }
}
