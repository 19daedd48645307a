import GisementCommandLine
import GisementShared

/// One `gisement-server` command: parsed from its words, validated, then run.
protocol ServerCommand {
    /// The command's name, options and help.
    static var configuration: CommandConfiguration { get }
    /// Builds the command from parsed words, checking option values.
    /// - Throws: ``ServerCommandError`` (usage) for a value out of range.
    init(_ parsed: ParsedArguments) throws
    /// Does the work; prints through `console`; `environment` is the process's (`LOG_LEVEL`).
    /// - Throws: ``ServerCommandError``.
    func run(_ console: Console, environment: ServerEnvironment) async throws
}

extension ServerCommand {
    /// The configuration as the command tree holds it: with this type, to run it once parsed.
    static var node: CommandConfiguration {
        var configuration = configuration
        configuration.commandType = self
        return configuration
    }
}

/// Settings read from the environment, in one place.
public struct ServerEnvironment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String] = [:]) {
        self.variables = variables
    }

    /// The language of the command line's help and messages: the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set, French when it starts with `fr` (as `gisement` without `--lang`).
    var language: Language {
        Language.fromLocale(lcAll: variables["LC_ALL"], lcMessages: variables["LC_MESSAGES"], lang: variables["LANG"])
    }

    /// The log level from `LOG_LEVEL` (`info` when unset or unknown).
    var logLevel: LogLevel { variables["LOG_LEVEL"].flatMap(LogLevel.init(name:)) ?? .info }

    /// What to say about a `LOG_LEVEL` that names no level (rather than ignoring it silently).
    var logLevelWarning: String? {
        guard let text = variables["LOG_LEVEL"], !text.isEmpty, LogLevel(name: text) == nil else { return nil }
        return localized("warning.prefix")
            + localized(
                "server.logLevel.unknown",
                ["value": String(text.prefix(40)), "levels": LogLevel.allCases.map(\.description).joined(separator: ", ")])
    }
}
