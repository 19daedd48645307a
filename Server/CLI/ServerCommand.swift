/// One `gisement-server` command: parsed from its words, validated, then run.
protocol ServerCommand {
    /// The command's name, options and help.
    static var spec: CommandSpec { get }
    /// Builds the command from parsed words, checking option values.
    /// - Throws: ``ServerCommandError`` (usage) for a value out of range.
    init(_ parsed: ParsedCommand) throws
    /// Does the work; prints through `console`.
    /// - Throws: ``ServerCommandError``.
    func run(_ console: Console) async throws
}

/// Where a command prints: standard output for data, standard error for messages.
public struct Console: Sendable {
    /// Writes one line of data.
    public var out: @Sendable (String) -> Void
    /// Writes one line of messages.
    public var err: @Sendable (String) -> Void
    /// Settings read from the environment, in one place.
    public var environment: [String: String]

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        environment: [String: String] = [:]
    ) {
        self.out = out
        self.err = err
        self.environment = environment
    }

    /// The process's own streams; standard output is flushed after every line.
    public static func standard(environment: [String: String]) -> Console {
        Console(out: { StandardOutput.writeLine($0) }, err: { StandardError.write($0 + "\n") }, environment: environment)
    }

    /// The log level from `LOG_LEVEL` (`info` when unset or unknown).
    var logLevel: LogLevel { environment["LOG_LEVEL"].flatMap(LogLevel.init(name:)) ?? .info }

    /// What to say about a `LOG_LEVEL` that names no level (rather than ignoring it silently).
    var logLevelWarning: String? {
        guard let text = environment["LOG_LEVEL"], !text.isEmpty, LogLevel(name: text) == nil else { return nil }
        return "Warning: unknown LOG_LEVEL '\(text.prefix(40))'; use one of "
            + LogLevel.allCases.map(\.description).joined(separator: ", ") + ". Logging at info."
    }
}
