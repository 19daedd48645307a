/// The one error type of the command line layer: a sentence for standard error and an exit status.
///
/// Usage errors (``ExitStatus/usage``) also print the command's usage line and a pointer to
/// its help, the way swift-argument-parser does:
/// ```
/// Error: Missing value for --test.
/// Usage: gisement log --test <test> --category <category> [...]
///   See 'gisement log --help' for more.
/// ```
public struct CLIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The exit status the process ends with.
    public var status: ExitStatus
    /// One plain sentence that says what was wrong and what to do.
    public var message: String
    /// The command path (`["district", "add"]`) whose usage is printed after a usage error; nil for none.
    public var commandPath: [String]?

    public init(_ status: ExitStatus, _ message: String, commandPath: [String]? = nil) {
        self.status = status
        self.message = message
        self.commandPath = commandPath
    }

    /// A usage error (exit 64) about the command line of `commandPath`.
    public static func usage(_ message: String, commandPath: [String] = []) -> CLIError {
        CLIError(.usage, message, commandPath: commandPath)
    }

    /// Invalid data (exit 65): the command line was well formed but the data is not acceptable.
    public static func data(_ message: String) -> CLIError {
        CLIError(.dataError, message)
    }

    /// Any other failure (exit 1).
    public static func failure(_ message: String) -> CLIError {
        CLIError(.failure, message)
    }

    public var description: String { message }
}
