/// The exit statuses of `gisement-server`, the same numbers as the client's (see the contract).
public enum ServerExitStatus: Int32, Sendable {
    case success = 0
    /// Anything else: the address is taken, the database cannot be opened, a backup failed.
    case failure = 1
    /// The command line is wrong: unknown option, missing argument, a value an option does not allow.
    case usage = 64
    /// The data is wrong: a file that is not a Gisement server database, a taken or unknown token name.
    case dataError = 65
    /// A service the command needs cannot be reached: PostgreSQL is down, or refuses the credentials.
    case unavailable = 69
}

/// The one error type of the server's command line: one sentence for standard error and an exit status.
///
/// A usage error also prints the command's usage line and where to find its help:
/// ```
/// Error: Missing value for --role.
/// Usage: gisement-server token add <name> --role <role> [--db <path>]
///   See 'gisement-server token add --help' for more.
/// ```
public struct ServerCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: ServerExitStatus
    /// One plain sentence that says what was wrong and what to do.
    public var message: String
    /// The command whose usage follows a usage error.
    public var command: String?

    public init(_ status: ServerExitStatus, _ message: String, command: String? = nil) {
        self.status = status
        self.message = message
        self.command = command
    }

    public static func usage(_ message: String, command: String) -> ServerCommandError {
        ServerCommandError(.usage, message, command: command)
    }

    public static func data(_ message: String) -> ServerCommandError { ServerCommandError(.dataError, message) }

    public static func failure(_ message: String) -> ServerCommandError { ServerCommandError(.failure, message) }

    public var description: String { message }
}
