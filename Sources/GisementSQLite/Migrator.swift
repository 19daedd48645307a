/// Brings a database's schema up to date, one named migration at a time.
///
/// Applied migration ids are stored in `schema_migrations`; each migration runs in its own
/// IMMEDIATE transaction together with the insertion of its id, so a crash leaves either all of
/// it or none. The file is stamped with `PRAGMA application_id` so that a database of another
/// program — or of the other Gisement role — is refused, untouched, and a file that holds
/// migrations this version does not know (written by a newer version) is refused too.
///
/// ```swift
/// var migrator = Migrator(applicationID: 0x4753_5256)
/// migrator.register("001-create-tokens") { db in try db.execute(sql: "CREATE TABLE tokens(...)") }
/// try migrator.migrate(db)
/// ```
public struct Migrator {
    public typealias Migration = (Database) throws -> Void

    public let applicationID: Int32
    private var migrations: [(id: String, migrate: Migration)] = []

    public init(applicationID: Int32) {
        self.applicationID = applicationID
    }

    /// Adds a migration; ids must be unique and are applied in registration order.
    public mutating func register(_ id: String, migrate: @escaping Migration) {
        precondition(!migrations.contains { $0.id == id }, MigrationError.duplicateMigration(id).description)
        migrations.append((id, migrate))
    }

    /// The registered ids, in order.
    public var migrationIDs: [String] { migrations.map(\.id) }

    /// Checks the file belongs to this program and applies the migrations it lacks.
    /// - Throws: ``MigrationError`` for a foreign or newer file (nothing written), ``SQLiteError`` otherwise.
    public func migrate(_ db: Database) throws {
        try checkOwnership(db)
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID")
        let applied = Set(try db.query(sql: "SELECT id FROM schema_migrations").compactMap { $0[0].textValue })
        let known = Set(migrationIDs)
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty { throw MigrationError.newerSchema(path: db.path, unknownMigrations: unknown) }
        for migration in migrations where !applied.contains(migration.id) {
            try db.inTransaction(.immediate) {
                try migration.migrate(db)
                try db.execute(sql: "INSERT INTO schema_migrations(id) VALUES (?)", arguments: [.text(migration.id)])
                return .commit
            }
        }
    }

    /// Whether the database holds migrations this migrator does not know (read-only check).
    public func hasUnknownMigrations(_ db: Database) throws -> Bool {
        guard try tableExists(db, "schema_migrations") else { return false }
        let applied = Set(try db.query(sql: "SELECT id FROM schema_migrations").compactMap { $0[0].textValue })
        return !applied.subtracting(migrationIDs).isEmpty
    }

    /// Refuses a file stamped by another program, or an unstamped file that already holds tables;
    /// stamps a fresh one.
    public func checkOwnership(_ db: Database) throws {
        let current = Int32(truncatingIfNeeded: try db.scalar(sql: "PRAGMA application_id")?.integerValue ?? 0)
        if current == applicationID { return }
        if current != 0 { throw MigrationError.foreignDatabase(path: db.path, applicationID: current) }
        let tableCount = try db.scalar(sql: "SELECT count(*) FROM sqlite_master")?.integerValue ?? 0
        if tableCount > 0 { throw MigrationError.foreignDatabase(path: db.path, applicationID: 0) }
        try db.execute(sql: "PRAGMA application_id=\(applicationID)")
    }

    private func tableExists(_ db: Database, _ name: String) throws -> Bool {
        try db.scalar(sql: "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", arguments: [.text(name)]) != nil
    }
}
