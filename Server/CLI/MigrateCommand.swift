import GisementCommandLine
import GisementPostgres
import GisementShared
import GisementSQLite

/// `gisement-server migrate --from server.sqlite --to postgres://…`: copies a SQLite server store
/// into an empty PostgreSQL database (``PostgresImport``), the server stopped. Replicas then sync
/// with a server on PostgreSQL from where they were (docs/operations.md, "Moving from SQLite").
struct MigrateCommand: ServerCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "migrate", abstract: localized("server.help.migrate.abstract"),
            discussion: localized("server.help.migrate.discussion"),
            options: [
                .init("from", value: "path", help: localized("server.help.migrate.from"), required: true),
                .init("to", value: "url", help: localized("server.help.migrate.to"), required: true),
            ])
    }

    let source: String
    let target: PostgresURL

    /// - Throws: a usage error (64) for a `--to` that is no usable PostgreSQL URL, or a `--from` that is one.
    init(_ parsed: ParsedArguments) throws {
        source = parsed.values["from"] ?? ""
        if let url = PostgresURL(source) {
            throw parsed.usageError(localized("server.migrate.fromPostgres", ["url": url.redacted]))
        }
        let text = parsed.values["to"] ?? ""
        guard let url = PostgresURL(text) else {
            throw parsed.usageError(localized("server.migrate.notPostgres", ["to": text]))
        }
        if let problem = url.problem {
            throw parsed.usageError(localized("server.postgres.badURL", ["url": url.redacted, "problem": problem]))
        }
        target = url
    }

    func run(_ console: Console, environment: ServerEnvironment) async throws {
        // The file first: it exists, is a server store, and no newer one (65 otherwise).
        _ = try ServerDatabase.openForReading(source)
        // A push the server took after the copy would be lost: refused while one serves the file.
        let lock: FileLock?
        do {
            lock = try FileLock.tryAcquire(path: source + ".lock")
        } catch {
            throw ServerDatabase.describe(error, path: source)
        }
        guard let lock else {
            throw ServerCommandError.failure(localized("server.migrate.serving", ["path": source]))
        }
        // Brings a store of an older version up to date, as `serve` would, so its tables are the ones copied.
        let db = try ServerDatabase.openForWriting(source)
        let summary: PostgresImport.Summary
        do {
            summary = try PostgresImport.copy(from: db, to: try PostgresConnection(target), name: target.redacted)
        } catch let error as PostgresImport.NotEmpty {
            throw ServerCommandError.data(error.description)
        } catch let error as SQLiteError {
            throw ServerDatabase.describe(error, path: source)
        } catch {
            throw PostgresDatabase.describe(error, url: target)
        }
        withExtendedLifetime(lock) {}
        let count = { (table: String) in String(summary.rows[table] ?? 0) }
        console.error(
            localized(
                "server.migrate.done",
                [
                    "path": source, "url": target.redacted, "versions": count("field_versions"), "merges": count("merges"),
                    "sessions": count("sessions"), "tokens": count("tokens"), "head": String(summary.feedHead),
                ]))
        console.error(localized("server.migrate.next", ["url": target.redacted]))
    }
}
