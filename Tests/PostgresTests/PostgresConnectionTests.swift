import GisementPostgres
import Testing
import TestSupport

/// The libpq layer against a throwaway cluster: parameters apart from the SQL, rows, errors sorted
/// by what the caller can do, transactions, and URLs that never print a password.
@Suite struct PostgresConnectionTests {
    static func connect() throws -> PostgresConnection {
        try PostgresConnection(PostgresURL(try PostgresCluster.shared().freshDatabase())!)
    }

    @Test func parameters_travelApart_fromTheSQL() throws {
        let db = try Self.connect()
        try db.executeScript("CREATE TABLE t (id text PRIMARY KEY, n bigint, note text)")
        let hostile = "x'); DROP TABLE t; --"
        try db.execute("INSERT INTO t VALUES ($1, $2, $3)", [hostile, "42", nil])
        try db.execute("INSERT INTO t VALUES ($1, $2, $3)", ["café", "-7", "réemploi\nligne"])
        let rows = try db.execute("SELECT id, n, note FROM t ORDER BY n")
        #expect(rows.columns == ["id", "n", "note"])
        #expect(rows.count == 2)
        #expect(rows[0, 0] == "café" && rows.integer(0, 1) == -7 && rows[0, 2] == "réemploi\nligne")
        #expect(rows[1, 0] == hostile && rows.integer(1, 1) == 42 && rows[1, 2] == nil)
    }

    @Test func aStatementRunTwice_isPreparedOnce_andAnswersEachTime() throws {
        let db = try Self.connect()
        try db.executeScript("CREATE TABLE t (n int)")
        for n in 0..<50 { try db.execute("INSERT INTO t VALUES ($1)", [String(n)]) }
        let sum = try db.execute("SELECT sum(n) FROM t")
        #expect(sum.integer(0, 0) == 1225)
        let prepared = try db.execute("SELECT count(*) FROM pg_prepared_statements")
        #expect(prepared.integer(0, 0) == 3)  // INSERT, SELECT sum, this SELECT
    }

    @Test func uniqueViolation_carriesItsSQLState_andTheSQL_butNoValue() throws {
        let db = try Self.connect()
        try db.executeScript("CREATE TABLE t (id text PRIMARY KEY)")
        try db.execute("INSERT INTO t VALUES ($1)", ["secret-value"])
        #expect {
            try db.execute("INSERT INTO t VALUES ($1)", ["secret-value"])
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.kind == .statement && error.isUniqueViolation && error.sql == "INSERT INTO t VALUES ($1)"
                && !error.description.contains("secret-value")
        }
    }

    @Test func transaction_commitsOnReturn_rollsBackOnThrow() throws {
        struct Planned: Error {}
        let db = try Self.connect()
        try db.executeScript("CREATE TABLE t (n int)")
        try db.transaction { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(throws: Planned.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Planned()
            }
        }
        #expect(try db.execute("SELECT array_agg(n) FROM t")[0, 0] == "{1}")
    }

    @Test func nothingListening_isUnreachable_withinTheTimeout() throws {
        let cluster = try PostgresCluster.shared()
        let url = PostgresURL("postgresql://\(PostgresCluster.role)@127.0.0.1:1/postgres")!
        #expect(cluster.port != 1)
        #expect {
            _ = try PostgresConnection(url, connectTimeout: 2)
        } throws: { error in
            (error as? PostgresError)?.kind == .unreachable
        }
    }

    /// The server stopped under an open connection (its own cluster: the shared one serves other
    /// tests): whatever libpq says, over the socket or TCP, the statement fails as `.unreachable`
    /// and the connection reports itself lost, so that a pool opens a new one.
    @Test(arguments: [PostgresCluster.StopMode.fast, .immediate], [false, true])
    func aServerStopped_underAnOpenConnection_isUnreachable_andTheConnectionLost(mode: PostgresCluster.StopMode, tcp: Bool)
        throws
    {
        let cluster = try PostgresCluster.startPrivate()
        defer { try? cluster.stop(.immediate) }
        var url = try cluster.freshDatabase()
        if tcp { url = cluster.tcpURL(database: try PostgresConnection(PostgresURL(url)!).execute("SELECT current_database()")[0, 0]!) }
        let connections = try (0..<2).map { _ in try PostgresConnection(PostgresURL(url)!) }
        for db in connections { try db.execute("SELECT $1::int", ["1"]) }
        try cluster.stop(mode)
        // One runs a statement it prepared before, the other a new one.
        for (db, sql) in zip(connections, ["SELECT $1::int", "SELECT $1::text"]) {
            #expect {
                try db.execute(sql, ["2"])
            } throws: { error in
                (error as? PostgresError)?.kind == .unreachable
            }
            #expect(!db.isConnected)
        }
    }

    /// A server gone silent under an open connection (a proxy that stops forwarding, nothing closed):
    /// a statement, and a large one that cannot even be sent whole, waits its bound and a second,
    /// then is `unreachable` on a connection given up, not held for ever.
    @Test(arguments: [1, 16_000_000])
    func aServerGoneSilent_isUnreachable_afterTheBound_andTheConnectionGivenUp(parameterBytes: Int) throws {
        let cluster = try PostgresCluster.shared()
        let name = try Self.connect().execute("SELECT current_database()")[0, 0]!
        let proxy = try FreezingProxy(upstreamPort: cluster.port)
        defer { proxy.stop() }
        let url = "postgresql://\(PostgresCluster.role):\(PostgresCluster.password)@127.0.0.1:\(proxy.port)/\(name)"
        let db = try PostgresConnection(PostgresURL(url)!, answerTimeout: 0.5)
        #expect(try db.execute("SHOW statement_timeout")[0, 0] == "500ms")
        proxy.freeze()
        defer { proxy.thaw() }
        let started = ContinuousClock.now
        #expect {
            try db.execute("SELECT length($1)", [String(repeating: "x", count: parameterBytes)])
        } throws: { error in
            (error as? PostgresError)?.kind == .unreachable && (error as? PostgresError)?.message.hasPrefix("no answer") == true
        }
        #expect(ContinuousClock.now - started < .seconds(10), "given up at the bound (1.5 s), not held")
        #expect(!db.isConnected)
    }

    @Test func aWrongPassword_isRefused_andNeverPrinted() throws {
        let cluster = try PostgresCluster.shared()
        guard cluster.port != 0 else { return }  // an external server: its authentication is not ours to test
        let good = try PostgresConnection(PostgresURL(cluster.tcpURL(database: "postgres"))!)
        #expect(good.isConnected && good.serverVersion >= 150000)
        let url = PostgresURL(cluster.tcpURL(database: "postgres", password: "not-the-password"))!
        #expect(url.redacted == "postgresql://\(PostgresCluster.role):***@127.0.0.1:\(cluster.port)/postgres")
        #expect {
            _ = try PostgresConnection(url)
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.kind == .refused && !error.description.contains("not-the-password")
        }
    }

    @Test func aURLLibpqCannotRead_isABadURL() {
        #expect {
            _ = try PostgresConnection(PostgresURL("postgresql://host:notaport:5/x?sslmode=")!)
        } throws: { error in
            (error as? PostgresError)?.kind == .badURL
        }
    }

    @Test(arguments: [
        ("postgres://u:pw@h:5432/db", "postgres://u:***@h:5432/db"),
        ("postgresql://u@h/db?sslmode=require", "postgresql://u@h/db?sslmode=require"),
        ("POSTGRES://a:b:c@h/db", "POSTGRES://a:***@h/db"),
        ("postgresql:///db?host=/tmp", "postgresql:///db?host=/tmp"),
    ])
    func url_hidesItsPassword(text: String, redacted: String) throws {
        #expect(try #require(PostgresURL(text)).redacted == redacted)
    }

    @Test func onlyPostgresSchemes_makeAURL() {
        #expect(PostgresURL("server.sqlite") == nil)
        #expect(PostgresURL("/var/lib/gisement/postgres://x") == nil)
        #expect(PostgresURL("mysql://u@h/db") == nil)
    }
}
