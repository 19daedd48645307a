#if canImport(Glibc)
import Glibc
#endif
import GisementCommandLine
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

    /// The `gisement` command line: its commands and global options.
    public static var program: CommandLineProgram {
        CommandLineProgram(
            name: "gisement", version: version, abstract: localized("help.root.abstract"),
            discussion: localized("help.root.discussion"), commands: CommandTable.commands.map { $0.node },
            globalOptions: GlobalOptions.specs)
    }

    private static func run(
        _ arguments: [String], console: Console, environment: CLIEnvironment, clock: WallClock
    ) -> ExitStatus {
        let program = program
        do throws(CLIError) {
            switch try program.parse(arguments) {
            case .version:
                console.line(version)
                return .success
            case .help(let path):
                console.write(program.helpText(path: path))
                return .success
            case .run(let configuration, let parsed):
                let globals = try GlobalOptions(parsed)
                guard let command = configuration.commandType as? any CLICommand.Type else {
                    preconditionFailure("\(parsed.commandPath) has no command type")
                }
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
            program.report(error, console: console)
            return error.status
        }
    }

    /// The help text of the command at `path` (the root help for an empty path).
    public static func helpText(path: [String]) -> String {
        program.helpText(path: path)
    }
}
