#if canImport(Glibc)
import Glibc
#endif
import CPostgres
import Dispatch

/// One connection to a PostgreSQL server through libpq.
///
/// Statements are sent with their parameters apart (`$1`, `$2`, … in text format), never spliced
/// into the SQL. Each distinct SQL text is prepared once per connection and then executed by name,
/// so a store that runs the same few statements pays the planning once.
///
/// A connection is used by one thread at a time (libpq's rule); a server keeps one per worker.
///
/// A database that goes silent (a network partition: the TCP connection stays open, nothing comes
/// back) would hold a statement forever. TCP keepalives and `tcp_user_timeout` close such a
/// connection in the kernel after about half a minute, and with an ``answerTimeout`` each statement
/// waits at most a second more than that for its answer (libpq's asynchronous calls and `poll` on
/// its socket): the connection is then closed, its open transaction never committed.
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// Prepared statement names by SQL text.
    private var prepared: [String: String] = [:]
    public let url: PostgresURL
    /// How long a statement may take (PostgreSQL's `statement_timeout`); nil: as long as it takes.
    /// Its answer is awaited a second more (``answerDeadline``), for a cancellation to come back.
    public let answerTimeout: Double?
    /// How long a statement waits for its answer before the connection is given up.
    public var answerDeadline: Double? { answerTimeout.map { $0 + 1 } }

    /// Connects, waiting at most `connectTimeout` seconds (a URL's own `connect_timeout` wins).
    ///
    /// - Parameter answerTimeout: the bound on each statement (nil: none), set in the session as
    ///   `statement_timeout` (PostgreSQL cancels a statement that runs longer: SQLSTATE 57014) and,
    ///   doubled, as `idle_in_transaction_session_timeout` (a transaction whose client was cut off in
    ///   its middle is rolled back, its locks freed); the client gives up a second after the bound.
    /// - Throws: ``PostgresError`` `.badURL`, `.unreachable` or `.refused`, with libpq's reason.
    public init(
        _ url: PostgresURL, connectTimeout: Int = 5, answerTimeout: Double? = nil, applicationName: String = "gisement-server"
    ) throws(PostgresError) {
        self.url = url
        self.answerTimeout = answerTimeout
        var parseError: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(url.text, &parseError) {
            PQconninfoFree(options)
        } else {
            let reason = parseError.map { String(cString: $0) } ?? "cannot read the URL"
            if let parseError { PQfreemem(parseError) }
            throw PostgresError(.badURL, message: PostgresConnection.firstLine(reason))
        }
        // Parameters before `dbname` are overridden by the URL's own, so the URL has the last word.
        // Keepalives find a silent peer while waiting (10 s idle, then 3 probes 5 s apart);
        // `tcp_user_timeout` closes a connection whose sent bytes stay unacknowledged for 30 s.
        let settings = [
            ("connect_timeout", String(connectTimeout)), ("application_name", applicationName), ("keepalives", "1"),
            ("keepalives_idle", "10"), ("keepalives_interval", "5"), ("keepalives_count", "3"), ("tcp_user_timeout", "30000"),
            ("dbname", url.text),
        ]
        let keywords = settings.map(\.0)
        let values = settings.map(\.1)
        handle = PostgresConnection.withCStrings(keywords) { keys in
            PostgresConnection.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            if let handle { PQfinish(handle) }
            self.handle = nil
            throw PostgresError(PostgresConnection.connectionFailureKind(message), message: PostgresConnection.firstLine(message))
        }
        // NOTICEs (`relation already exists, skipping`) are not the user's business.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // Sending never blocks either: a large statement to a silent server waits in ``exchange``.
        PQsetnonblocking(handle, 1)
        // Set once connected rather than as startup `options`, which a pooler may refuse.
        if let answerTimeout {
            let milliseconds = Int((answerTimeout * 1000).rounded(.up))
            try executeScript(
                "SET statement_timeout = \(milliseconds); SET idle_in_transaction_session_timeout = \(2 * milliseconds)")
        }
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Whether the connection is still usable (false once the server went away).
    ///
    /// Reads, without waiting, what the server sent meanwhile: a connection it closed while idle
    /// (a restart, a terminated backend) is found here, before a statement is sent on it. The
    /// second read meets the end of the stream once the first took the server's last message.
    public var isConnected: Bool {
        guard let handle else { return false }
        for _ in 0..<2 where PQconsumeInput(handle) == 0 { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server's version as an integer (150004 for 15.4).
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// Runs one statement with its parameters and returns its rows (none for a command).
    ///
    /// - Parameter parameters: one value per `$n`, in order; nil is SQL NULL.
    /// - Throws: ``PostgresError``: `.statement` with the SQLSTATE, or `.unreachable` when the
    ///   connection broke (the statement's effect is then unknown unless it ran in a transaction).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        guard let handle else { throw PostgresError(.unreachable, message: "the connection is closed", sql: sql) }
        let name: String
        if let known = prepared[sql] {
            name = known
        } else {
            name = "s\(prepared.count + 1)"
            let result = try exchange(sql) { PQsendPrepare($0, name, sql, 0, nil) }
            try check(result, sql: sql)
            PQclear(result)
            prepared[sql] = name
        }
        let result = try exchange(sql) { connection in
            PostgresConnection.withOptionalCStrings(parameters) { values in
                PQsendQueryPrepared(connection, name, Int32(parameters.count), values, nil, nil, 0)
            }
        }
        try check(result, sql: sql)
        defer { PQclear(result) }
        return PostgresRows(result)
    }

    /// Runs one or more statements without parameters (schema scripts, `BEGIN`, `COMMIT`).
    public func executeScript(_ sql: String) throws(PostgresError) {
        guard handle != nil else { throw PostgresError(.unreachable, message: "the connection is closed", sql: sql) }
        let result = try exchange(sql) { PQsendQuery($0, sql) }
        try check(result, sql: sql)
        PQclear(result)
    }

    /// Sends with `send`, then waits for every result, at most ``answerDeadline`` in all: what
    /// `PQexec` does, with a bound. Returns the first failed result, or else the last one (nil
    /// when `send` failed: ``check(_:sql:)`` then reports the connection's error).
    ///
    /// - Throws: `.unreachable` when the bound passed; the connection is then closed, so a
    ///   transaction open on it is never committed.
    private func exchange(_ sql: String, _ send: (OpaquePointer) -> Int32) throws(PostgresError) -> OpaquePointer? {
        guard let handle else { throw PostgresError(.unreachable, message: "the connection is closed", sql: sql) }
        guard send(handle) == 1 else { return nil }
        let deadline = answerDeadline.map { DispatchTime.now().uptimeNanoseconds + UInt64($0 * 1e9) }
        // Nonblocking: what `send` queued goes out as the socket takes it.
        while true {
            let flushed = PQflush(handle)
            if flushed == 0 { break }
            if flushed < 0 { return nil }
            let events = try wait(handle, for: Int16(POLLIN | POLLOUT), until: deadline, sql: sql)
            if events & Int16(POLLIN) != 0, PQconsumeInput(handle) == 0 { return nil }
        }
        var kept: OpaquePointer?
        while true {
            // PQgetResult would block (without a bound) while a result is still incomplete.
            while PQisBusy(handle) == 1 {
                _ = try wait(handle, for: Int16(POLLIN), until: deadline, sql: sql)
                if PQconsumeInput(handle) == 0 {
                    if let kept { PQclear(kept) }
                    return nil
                }
            }
            guard let result = PQgetResult(handle) else { return kept }
            if let previous = kept, !PostgresConnection.succeeded(previous) {
                PQclear(result)
            } else {
                if let previous = kept { PQclear(previous) }
                kept = result
            }
        }
    }

    private static func succeeded(_ result: OpaquePointer) -> Bool {
        [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY].contains(PQresultStatus(result))
    }

    /// Waits until the socket is ready for `events` or `deadline` (uptime nanoseconds) passes.
    /// Without a socket (libpq dropped a broken connection) or when `poll` fails, says "readable":
    /// the caller's `PQconsumeInput` then reports the connection's state.
    /// - Throws: `.unreachable` at the deadline, having closed the connection.
    private func wait(_ handle: OpaquePointer, for events: Int16, until deadline: UInt64?, sql: String) throws(PostgresError) -> Int16 {
        let socket = PQsocket(handle)
        guard socket >= 0 else { return Int16(POLLIN) }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                milliseconds = now >= deadline ? 0 : Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max)))
            }
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return descriptor.revents }
            if ready < 0, errno == EINTR { continue }
            if ready < 0 { return Int16(POLLIN) }
            PQfinish(handle)
            self.handle = nil
            let bound = answerDeadline ?? 0
            let seconds = bound.rounded() == bound ? "\(Int(bound))" : "\(bound)"
            throw PostgresError(.unreachable, message: "no answer from PostgreSQL within \(seconds) s", sql: sql)
        }
    }

    /// Throws the error a result carries, clearing it; returns normally for a success.
    ///
    /// The connection is closed when the error says the session is over: libpq's own errors carry no
    /// SQLSTATE (every server error does), and after "server closed the connection unexpectedly" libpq
    /// may still report the connection as good (an immediate shutdown seen over a Unix socket); a FATAL
    /// or PANIC from the server ends the session too. ``isConnected`` is then false, so that a pool
    /// opens a new connection instead of failing on this one again.
    private func check(_ result: OpaquePointer?, sql: String) throws(PostgresError) {
        if let result, PostgresConnection.succeeded(result) { return }
        let message = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
        let sqlState = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let severity = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "V"))) }.map { String(cString: $0) }
        let fallback = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
        if let result { PQclear(result) }
        let lost = !isConnected || sqlState == nil || severity == "FATAL" || severity == "PANIC"
        if lost, let handle {
            PQfinish(handle)
            self.handle = nil
        }
        throw PostgresError(
            lost ? .unreachable : .statement, message: PostgresConnection.firstLine(message.isEmpty ? fallback : message),
            sqlState: sqlState, sql: sql)
    }

    /// Whether a failed connection was refused (credentials, role, database, hba), named a setting
    /// libpq cannot use (`invalid sslmode value`, `invalid port number`), or was not reached at all.
    static func connectionFailureKind(_ message: String) -> PostgresError.Kind {
        if message.hasPrefix("invalid ") { return .badURL }
        let refusals = [
            "password authentication failed", "no pg_hba.conf entry", "role \"", "database \"",
            "password is required", "permission denied",
        ]
        return refusals.contains { message.contains($0) } ? .refused : .unreachable
    }

    /// libpq's messages end with a newline and may add a DETAIL line: one line is enough for a user.
    static func firstLine(_ message: String) -> String {
        let line = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        return line.trimmingPrefix("FATAL:  ").trimmingPrefix("ERROR:  ").description
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        if strings.isEmpty { return body(nil) }
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }
}
