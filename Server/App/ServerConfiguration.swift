import GisementPostgres

/// Everything `gisement-server serve` can tune, with the contract's defaults.
///
/// ```swift
/// var configuration = ServerConfiguration(databasePath: dir + "/server.sqlite")
/// configuration.port = 0            // any free port
/// let server = try await GisementServerApp.start(configuration)
/// ```
public struct ServerConfiguration: Sendable {
    /// The default database file, relative to the working directory.
    public static let defaultDatabasePath = "./gisement-data/server.sqlite"

    /// The address to bind (`127.0.0.1`; `0.0.0.0` or `::` for every interface).
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: Int
    /// The database file; it and its folder are created on first run.
    public var databasePath: String
    /// A PostgreSQL database to keep the store in instead of ``databasePath`` (`--db postgres://…`).
    public var postgresURL: PostgresURL?
    /// How far ahead of the server clock a pushed change may be stamped (`clock_ahead` beyond).
    public var maxSkewSeconds: Int
    /// The largest request body, as sent and once decompressed (413 beyond).
    public var maxBodyBytes: Int
    /// Read-only connections for pulls, records, logs and reports.
    public var readerCount: Int
    /// On PostgreSQL, how long a statement may take (`--db-timeout`, its `statement_timeout`): past it,
    /// or a second later when the database is silent (the connection is then dropped), the request
    /// gets 503 `unavailable`.
    public var databaseAnswerTimeout: Double = PostgresStore.defaultAnswerTimeout
    /// Application messages: start, stop, failures.
    public var logger: Logger
    /// One line per request (method, path, status, duration, bytes, token); nil for none.
    public var accessLogger: Logger?
    /// The wall clock (tests move it).
    public var clock: ServerClock
    /// How many bad tokens one address may present before it gets 429 (see ``AuthFailureLimiter``);
    /// nil turns the limit off.
    public var authFailurePolicy: AuthFailureLimiter.Policy? = AuthFailureLimiter.Policy()
    /// Whether `GET /metrics` is served (on the API's listener, without a token); `serve --metrics off` turns it off.
    public var servesMetrics = true

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = ServerConfiguration.defaultDatabasePath,
        maxSkewSeconds: Int = 600, maxBodyBytes: Int = 32 * 1024 * 1024, readerCount: Int = 4,
        logger: Logger = .disabled, accessLogger: Logger? = nil, clock: ServerClock = .system
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.maxSkewSeconds = maxSkewSeconds
        self.maxBodyBytes = maxBodyBytes
        self.readerCount = readerCount
        self.logger = logger
        self.accessLogger = accessLogger
        self.clock = clock
    }
}
