import Foundation
import GisementPostgres

/// The server store's tables in PostgreSQL: the SQLite store's (``ServerSchema``), in one script.
///
/// Differences from SQLite, each for a reason:
/// - `value` is `text` beside its `value_type` (``PostgresValue``): one column type for every value.
/// - Digests are `bigint` holding the bit pattern of the UInt64, as in SQLite.
/// - `feed_counter`: one row holding the last feed position handed out. A push takes it
///   `FOR UPDATE` first, so pushes from every process allocate positions one transaction after
///   the other and a reader never sees position N+1 committed before N (docs/architecture.md,
///   "Several servers on one PostgreSQL").
/// - `store_meta` says which program made the database (`application`) and which version of this
///   script it holds (`schema_version`): a database of another program, or of a newer Gisement,
///   is refused rather than written to.
enum PostgresSchema {
    /// The application name in `store_meta`.
    static let application = "gisement-server"
    /// The version of ``script`` (raised with every change, migrations below it).
    static let version = 1

    /// Why a database cannot be used as a server store (exit 65).
    enum Refusal: Error, CustomStringConvertible {
        case foreign(database: String)
        case newer(database: String, version: Int)

        var description: String {
            switch self {
            case .foreign(let database):
                "the PostgreSQL database \(database) holds tables of another program; give an empty database or a Gisement one"
            case .newer(let database, let version):
                "the PostgreSQL database \(database) was written by a newer gisement-server (store version \(version), "
                    + "this one knows up to \(PostgresSchema.version)); upgrade gisement-server"
            }
        }
    }

    /// Creates the tables in an empty database, checks an existing one. Safe when several servers
    /// start at once: the check and the creation run under one advisory lock.
    /// - Throws: ``Refusal``, ``PostgresError``.
    static func prepare(_ db: PostgresConnection, name: String) throws {
        try db.transaction { try prepareInTransaction(db, name: name) }
    }

    /// ``prepare(_:name:)`` inside the caller's transaction (`migrate` creates and fills the tables
    /// in one): the lock is held, and the new tables unseen by others, until that transaction ends.
    static func prepareInTransaction(_ db: PostgresConnection, name: String) throws {
        // Any fixed number: held until the end of this transaction, by whichever server starts first.
        try db.execute("SELECT pg_advisory_xact_lock(4753525600)")
        let hasMeta = try db.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'store_meta'")
        if hasMeta.count > 0 {
            let meta = try db.execute("SELECT key, value FROM store_meta WHERE key IN ('application', 'schema_version')")
            var values: [String: String] = [:]
            for row in 0..<meta.count { values[meta[row, 0] ?? ""] = meta[row, 1] }
            guard values["application"] == application else { throw Refusal.foreign(database: name) }
            let stored = Int(values["schema_version"] ?? "") ?? 0
            if stored > version { throw Refusal.newer(database: name, version: stored) }
            return
        }
        let tables = try db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        guard tables.integer(0, 0) == 0 else { throw Refusal.foreign(database: name) }
        try db.executeScript(script)
        try db.execute(
            "INSERT INTO store_meta(key, value) VALUES ('application', $1), ('schema_version', $2), ('store_id', $3)",
            [application, String(version), UUID().uuidString.lowercased()])
    }

    static let script = """
        CREATE TABLE store_meta (
            key text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE feed_counter (
            id integer PRIMARY KEY CHECK (id = 1),
            last_seq bigint NOT NULL
        );
        INSERT INTO feed_counter(id, last_seq) VALUES (1, 0);

        CREATE TABLE field_versions (
            seq bigint PRIMARY KEY,
            kind text NOT NULL,
            id text NOT NULL,
            field text NOT NULL,
            value_type smallint NOT NULL,
            value text,
            hlc_wall bigint NOT NULL,
            hlc_logical bigint NOT NULL,
            replica text NOT NULL,
            counter bigint NOT NULL,
            clock text NOT NULL,
            schema_version integer NOT NULL DEFAULT 1,
            scope_key text,
            UNIQUE (kind, id, field)
        );
        CREATE INDEX field_versions_by_reference ON field_versions(field, value, kind)
            WHERE field IN ('test', 'district', 'partner');
        CREATE INDEX field_versions_by_scope ON field_versions(scope_key, seq) WHERE scope_key IS NOT NULL;
        CREATE INDEX field_versions_partners_by_scope ON field_versions(scope_key, value) WHERE field = 'partner';

        CREATE TABLE record_clocks (
            kind text NOT NULL,
            id text NOT NULL,
            clock text NOT NULL,
            digest bigint NOT NULL DEFAULT 0,
            bucket integer NOT NULL DEFAULT 0,
            scope_key text,
            PRIMARY KEY (kind, id)
        );
        CREATE INDEX record_clocks_by_bucket ON record_clocks(bucket);
        CREATE INDEX record_clocks_by_scope ON record_clocks(scope_key) WHERE scope_key IS NOT NULL;

        CREATE TABLE replicas (
            replica text PRIMARY KEY,
            counter bigint NOT NULL,
            last_push_at text NOT NULL,
            owner text,
            relayed_counter bigint NOT NULL DEFAULT 0
        );

        CREATE TABLE dots (
            replica text NOT NULL,
            counter bigint NOT NULL,
            digest bigint NOT NULL,
            relayed smallint NOT NULL,
            PRIMARY KEY (replica, counter)
        );

        CREATE TABLE generations (
            seq bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            base bigint NOT NULL,
            started_at text NOT NULL
        );

        CREATE TABLE digest_buckets (
            bucket integer PRIMARY KEY,
            digest bigint NOT NULL,
            records bigint NOT NULL
        );

        CREATE TABLE merges (
            seq bigserial PRIMARY KEY,
            at text NOT NULL,
            kind text NOT NULL,
            id text NOT NULL,
            field text NOT NULL,
            winner_value_type smallint NOT NULL,
            winner_value text,
            winner_hlc text NOT NULL,
            winner_replica text NOT NULL,
            winner_counter bigint NOT NULL,
            loser_value_type smallint NOT NULL,
            loser_value text,
            loser_hlc text NOT NULL,
            loser_replica text NOT NULL,
            loser_counter bigint NOT NULL,
            pushed_by text NOT NULL,
            anomaly smallint NOT NULL,
            edit_vs_delete smallint NOT NULL DEFAULT 0
        );
        CREATE INDEX merges_by_field ON merges(kind, id, field);

        CREATE TABLE sessions (
            seq bigserial PRIMARY KEY,
            at text NOT NULL,
            token text NOT NULL,
            replica text,
            route text NOT NULL,
            pushed integer NOT NULL,
            accepted integer NOT NULL,
            duplicates integer NOT NULL,
            conflicts integer NOT NULL,
            pulled integer NOT NULL,
            status integer NOT NULL,
            duration_ms double precision NOT NULL
        );
        CREATE INDEX sessions_by_token ON sessions(token, seq);

        CREATE TABLE tokens (
            name text PRIMARY KEY,
            role text NOT NULL CHECK (role IN ('agent', 'coordinator', 'admin')),
            digest text NOT NULL UNIQUE,
            created_at text NOT NULL,
            revoked_at text,
            scoped smallint NOT NULL DEFAULT 0
        );
        CREATE TABLE token_scopes (
            token text NOT NULL,
            key text NOT NULL,
            PRIMARY KEY (token, key)
        );

        CREATE TABLE feed_exits (
            seq bigint PRIMARY KEY,
            scope_key text NOT NULL,
            kind text NOT NULL,
            id text NOT NULL
        );
        CREATE INDEX feed_exits_by_scope ON feed_exits(scope_key, seq);

        CREATE TABLE partner_creators (
            partner text PRIMARY KEY,
            token text NOT NULL
        );
        CREATE INDEX partner_creators_by_token ON partner_creators(token);
        """
}
