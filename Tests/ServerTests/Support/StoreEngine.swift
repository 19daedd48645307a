import Foundation
import GisementPostgres
@testable import GisementServer
import TestSupport
import Testing

/// The two engines a server store runs on: for tests that hold for both (`arguments: allCases`),
/// and ``current``, the one every API-level test's server runs on.
enum StoreEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The engine of the servers the tests start: PostgreSQL with `GISEMENT_TEST_STORE=postgres`
    /// (``TestStore``), SQLite otherwise. The one place that decides it.
    static var current: StoreEngine { TestStore.isPostgres ? .postgres : .sqlite }

    /// What `--db` names for a new, empty store: the file `name` in `folder`, or a fresh database
    /// of the throwaway cluster (a `postgres://` URL).
    func database(in folder: TemporaryFolder, name: String = "server.sqlite") throws -> String {
        switch self {
        case .sqlite: folder.file(name)
        case .postgres: try PostgresCluster.shared().freshDatabase()
        }
    }

    /// What the store `database` (a ``database(in:)``) occupies: the file, or the PostgreSQL database.
    func bytes(of database: String) throws -> Int {
        switch self {
        case .sqlite: return FileSize.bytes(database)
        case .postgres:
            let db = try PostgresConnection(PostgresURL(database)!)
            return Int(try db.execute("SELECT pg_database_size(current_database())").first?.int64(0) ?? 0)
        }
    }

    /// Points `configuration` at `database` (a ``database(in:)``), as `serve --db` does.
    static func use(_ database: String, in configuration: inout ServerConfiguration) {
        configuration.databasePath = database
        configuration.postgresURL = PostgresURL(database)
    }

    /// A new, empty store: a file in `folder`, or a fresh database on the throwaway cluster.
    func open(_ folder: TemporaryFolder, clock: ServerClock = .system) throws -> any ServerStoring {
        try Self.open(database(in: folder), clock: clock)
    }

    /// The store `database` names (a ``database(in:)``), made if new.
    static func open(_ database: String, clock: ServerClock = .system) throws -> any ServerStoring {
        if let url = PostgresURL(database) { return try PostgresStore.open(url: url, clock: clock) }
        return try ServerStore.open(path: database, clock: clock, synchronous: .normal)
    }

    /// Runs `body` on the token book of either store, as the token commands do.
    static func withTokens<T: Sendable>(
        _ store: any ServerStoring, _ body: @escaping @Sendable (any TokenBook) throws -> T
    ) async throws -> T {
        switch store {
        case let store as ServerStore:
            try await store.withWriteConnection { db in try body(SQLiteTokenBook(db: db)) }
        case let store as PostgresStore:
            try await store.withConnection { db in try body(PostgresTokens(db: db)) }
        default:
            throw StoreKindMismatch()
        }
    }

    /// Stores a token in either store; returns its text.
    static func addToken(
        _ store: any ServerStoring, name: String, role: Role, scope: Set<String>? = nil
    ) async throws -> String {
        let token = try AccessToken.generate()
        let digest = AccessToken.digest(of: token)
        try await withTokens(store) { book in
            try book.add(name: name, role: role, digest: digest, at: "2026-01-01T00:00:00Z", scope: scope)
        }
        return token
    }

    /// Revokes a token of either store.
    static func revokeToken(_ store: any ServerStoring, name: String, at: String = "2026-01-02T00:00:00Z") async throws {
        try await withTokens(store) { book in try book.revoke(name: name, at: at) }
    }
}

/// A test handed a store of neither engine.
struct StoreKindMismatch: Error {}

extension Trait where Self == ConditionTrait {
    /// For a suite that picks its engines itself (``StoreEngine/allCases``, the throwaway cluster):
    /// it runs in the first pass only, the PostgreSQL pass would repeat it as it was.
    static var enginesChosenByTheSuite: Self {
        .disabled(if: TestStore.isPostgres, "it runs both engines itself, in the first pass; GISEMENT_TEST_STORE changes nothing of it")
    }
}
