import GisementSQLite
import GisementShared

extension ServerSchema {
    /// Migration 004: token scopes (contract "Scopes").
    ///
    /// - `tokens.scoped`: 0 for a token that sees the whole network, 1 for one limited to the
    ///   keys of `token_scopes` (`d:<district>`, `t:<test>`, ids only: names are resolved when the
    ///   scope is set).
    /// - `field_versions.scope_key`, `record_clocks.scope_key`: the ``ScopeKey`` of the record each
    ///   row belongs to, kept by ``PushApplier``. The index `(scope_key, seq)` is how a scoped pull
    ///   reads its part of the feed without reading the rest.
    /// - `feed_exits`: a feed position for each key a record left (a collection whose test was
    ///   changed), so that replicas scoped to the old test learn that it went.
    /// - `partner_creators`: which token created a partner (its scope holds it).
    /// - `sessions_by_token`: `token list` reads a token's last use from the session log.
    static let scopeTables = """
        ALTER TABLE tokens ADD COLUMN scoped INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE token_scopes (
            token TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (token, key)
        ) WITHOUT ROWID;

        ALTER TABLE field_versions ADD COLUMN scope_key TEXT;
        ALTER TABLE record_clocks ADD COLUMN scope_key TEXT;

        CREATE TABLE feed_exits (
            seq INTEGER PRIMARY KEY,
            scope_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL
        );
        CREATE INDEX feed_exits_by_scope ON feed_exits(scope_key, seq);

        CREATE TABLE partner_creators (
            partner TEXT PRIMARY KEY NOT NULL,
            token TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX partner_creators_by_token ON partner_creators(token);

        CREATE INDEX sessions_by_token ON sessions(token, seq);
        """

    /// The indexes on the new columns, made after the backfill (faster than keeping them up to date).
    static let scopeIndexes = """
        CREATE INDEX field_versions_by_scope ON field_versions(scope_key, seq) WHERE scope_key IS NOT NULL;
        CREATE INDEX field_versions_partners_by_scope ON field_versions(scope_key, value) WHERE field = 'partner';
        CREATE INDEX record_clocks_by_scope ON record_clocks(scope_key) WHERE scope_key IS NOT NULL;
        """

    /// Keys every stored row and record (a store before migration 004 has none).
    static func backfillScopeKeys(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE field_versions SET scope_key = CASE kind
                WHEN 'test' THEN 't:' || id WHEN 'district' THEN 'd:' || id WHEN 'partner' THEN 'p:' || id END
            WHERE kind IN ('test', 'district', 'partner')
            """)
        for kind in RecordKind.allCases where ScopeKey.belongsToTest(kind) {
            try db.execute(
                sql: """
                    UPDATE field_versions SET scope_key = (
                        SELECT 't:' || t.value FROM field_versions AS t
                        WHERE t.kind = field_versions.kind AND t.id = field_versions.id AND t.field = 'test'
                            AND t.value_type = 4)
                    WHERE kind = ?
                    """, arguments: [.text(kind.rawValue)])
        }
        try db.execute(sql: """
            UPDATE record_clocks SET scope_key = (
                SELECT f.scope_key FROM field_versions AS f
                WHERE f.kind = record_clocks.kind AND f.id = record_clocks.id LIMIT 1)
            """)
        try db.execute(sql: scopeIndexes)
    }
}
