#if canImport(Glibc)
import Glibc
#endif
import GisementShared

/// The `gisement` program: parses the command line against ``CommandTable``, runs the command,
/// prints errors and returns the exit status.
///
/// ```swift
/// exit(GisementCLI.main(Array(CommandLine.arguments.dropFirst())).rawValue)
/// ```
public enum GisementCLI {
    /// The version `--version` prints.
    public static let version = "0.2.0"

    /// Runs one command line (without the program name) and returns its exit status.
    public static func main(
        _ arguments: [String], console: Console = .standard(), environment: CLIEnvironment = .current(),
        clock: WallClock = .system
    ) -> ExitStatus {
        #if os(Linux)
        if arguments == [TransportWorker.argument] {
            let language = getenv("GISEMENT_LANG").flatMap { Language(rawValue: String(cString: $0)) } ?? .en
            return Language.$current.withValue(language) { ExitStatus(rawValue: TransportWorker.run()) }
        }
        #endif
        let language = GlobalOptions.language(in: arguments) ?? environment.language
        let status = Language.$current.withValue(language) {
            run(arguments, console: console, environment: environment, clock: clock)
        }
        console.flush()
        return status
    }

    private static func run(
        _ arguments: [String], console: Console, environment: CLIEnvironment, clock: WallClock
    ) -> ExitStatus {
        let parser = CommandLineParser(commands: CommandTable.commands)
        do throws(CLIError) {
            switch try parser.parse(arguments) {
            case .version:
                console.line(version)
                return .success
            case .help(let path):
                console.write(helpText(path: path))
                return .success
            case .run(let command, let parsed, let globals):
                let instance = try command.init(parsed)
                try instance.validate()
                let context = CommandContext(console: console, globals: globals, environment: environment, clock: clock)
                do {
                    try instance.run(context)
                } catch {
                    throw CLIError.from(error, path: context.databasePath)
                }
                return .success
            }
        } catch {
            report(error, console: console)
            return error.status
        }
    }

    /// Prints an error: `Error: …`, then for usage errors the usage and where to find help.
    static func report(_ error: CLIError, console: Console) {
        console.error(localized("error.prefix") + error.message)
        guard error.status == .usage, let path = error.commandPath else { return }
        let formatter = HelpFormatter()
        if let configuration = configuration(path: path) {
            console.error(
                formatter.usage(path: path, configuration: configuration)
                    .replacingPrefix(localized("help.heading.usage"), localized("error.usage")))
        } else {
            console.error(localized("error.usage") + " gisement <command> [<options>]")
        }
        let command = (["gisement"] + path).joined(separator: " ")
        console.error(localized("error.seeHelp", ["command": command]))
    }

    /// The help text of the command at `path` (the root help for an empty path).
    public static func helpText(path: [String]) -> String {
        let formatter = HelpFormatter()
        if let configuration = configuration(path: path) {
            return formatter.help(path: path, configuration: configuration)
        }
        return formatter.help(path: [], configuration: rootConfiguration)
    }

    /// The root of the command tree, for `gisement --help`.
    static var rootConfiguration: CommandConfiguration {
        CommandConfiguration(
            name: "gisement",
            abstract: localized("help.root.abstract"),
            discussion: localized("help.root.discussion"),
            subcommands: CommandTable.commands)
    }

    /// The configuration of the command at `path`, nil for the root.
    static func configuration(path: [String]) -> CommandConfiguration? {
        var current: (any CLICommand.Type)? = nil
        for word in path {
            let next = current.map { $0.configuration.subcommand(word) }
                ?? CommandTable.commands.first { $0.configuration.name == word }
            guard let next else { return nil }
            current = next
        }
        return current?.configuration
    }
}

extension String {
    /// The string with `prefix` replaced by `replacement` when it starts with it.
    func replacingPrefix(_ prefix: String, _ replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
