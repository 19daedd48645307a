import GisementCommandLine
import GisementPostgres
import GisementShared

/// The command line's side of a PostgreSQL store: `--db postgres://…` or `GISEMENT_DATABASE_URL`,
/// its errors as one sentence and an exit status, and the commands that only work on a file.
enum PostgresDatabase {
    /// The variable that names the database when `--db` is not given.
    static let environmentVariable = "GISEMENT_DATABASE_URL"

    /// Fills `--db` from ``environmentVariable`` when the command takes `--db` and was not given one,
    /// then checks a PostgreSQL URL: a malformed one is a usage error (64) before any connection.
    static func resolve(
        _ parsed: inout ParsedArguments, configuration: CommandConfiguration, environment: [String: String]
    ) throws(CLIError) {
        guard configuration.options.contains(where: { $0.name == OptionSpec.serverDatabase.name }) else { return }
        if parsed.values["db"] == nil, let url = environment[environmentVariable], !url.isEmpty {
            parsed.values["db"] = url
        }
        guard let url = parsed.values["db"].flatMap(PostgresURL.init) else { return }
        if let problem = url.problem {
            throw parsed.usageError(localized("server.postgres.badURL", ["url": url.redacted, "problem": problem]))
        }
    }

    /// A connection for a token command, the store's tables created or checked first.
    /// - Throws: ``ServerCommandError`` (64, 65 or 69, see ``describe(_:url:)``).
    static func tokenBook(_ url: PostgresURL) throws -> any TokenBook {
        PostgresTokens(db: try connect(url))
    }

    /// Reads for a log command (`merges`, `sessions`).
    static func snapshot(_ url: PostgresURL) throws -> any StoreSnapshot {
        PostgresSnapshot(db: try connect(url))
    }

    /// A connection to the store, its tables created or checked first.
    private static func connect(_ url: PostgresURL) throws -> PostgresConnection {
        do {
            let db = try PostgresConnection(url)
            try PostgresSchema.prepare(db, name: url.redacted)
            return db
        } catch {
            throw describe(error, url: url)
        }
    }

    /// A PostgreSQL failure as one sentence: a URL libpq cannot use 64, a database of another program
    /// or a newer store 65, a server that cannot be reached or refuses the credentials 69.
    static func describe(_ error: any Error, url: PostgresURL) -> ServerCommandError {
        switch error {
        case let error as ServerCommandError:
            return error
        case let error as PostgresSchema.Refusal:
            return .data(ServerDatabase.sentence(error.description))
        case let error as PostgresError where error.kind == .badURL:
            return ServerCommandError(
                .usage, localized("server.postgres.unusableURL", ["url": url.redacted, "reason": error.message]))
        case let error as PostgresError where error.kind == .refused:
            return ServerCommandError(
                .unavailable, localized("server.postgres.refused", ["url": url.redacted, "reason": error.message]))
        case let error as PostgresError where error.kind == .unreachable:
            return ServerCommandError(
                .unavailable, localized("server.postgres.unreachable", ["url": url.redacted, "reason": error.message]))
        default:
            return .failure(localized("server.postgres.failed", ["url": url.redacted, "reason": "\(error)"]))
        }
    }

    /// Refuses a command that works on a database file only (backup, restore) when
    /// given a PostgreSQL URL, rather than taking the URL for a file path.
    static func refuseFileCommand(_ path: String) throws {
        guard let url = PostgresURL(path) else { return }
        throw ServerCommandError(.usage, localized("server.postgres.fileOnly", ["url": url.redacted]))
    }
}
