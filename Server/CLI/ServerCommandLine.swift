import GisementCommandLine
import GisementShared

/// The `gisement-server` command line: finds the command, parses its words, runs it and turns
/// any failure into one sentence on standard error and the contract's exit status.
///
/// ```swift
/// // Sources/gisement-server/main.swift
/// exit(await ServerCommandLine.main(Array(CommandLine.arguments.dropFirst()), console: .standard()).rawValue)
/// ```
public enum ServerCommandLine {
    /// The `gisement-server` command tree.
    public static var program: CommandLineProgram {
        CommandLineProgram(
            name: "gisement-server", version: "gisement-server \(ServerVersion.current)",
            abstract: localized("server.help.abstract"),
            commands: [
                ServeCommand.node,
                CommandConfiguration(
                    name: "token", abstract: localized("server.help.token.abstract"),
                    subcommands: [TokenAddCommand.node, TokenListCommand.node, TokenRevokeCommand.node, TokenScopeCommand.node]),
                MergesCommand.node, SessionsCommand.node, BackupCommand.node, RestoreCommand.node, MigrateCommand.node,
                CommandConfiguration(
                    name: "replica", abstract: localized("server.help.replica.abstract"),
                    subcommands: [ReplicaReleaseCommand.node]),
            ],
            helpWhenEmpty: true)
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func main(
        _ arguments: [String], console: Console, environment: ServerEnvironment = ServerEnvironment()
    ) async -> ExitStatus {
        await Language.$current.withValue(environment.language) {
            await run(arguments, console: console, environment: environment)
        }
    }

    private static func run(_ arguments: [String], console: Console, environment: ServerEnvironment) async -> ExitStatus {
        let program = program
        do {
            switch try program.parse(arguments) {
            case .help(let path):
                console.write(program.helpText(path: path))
            case .version:
                console.line(program.version)
            case .run(let configuration, var parsed):
                guard let command = configuration.commandType as? any ServerCommand.Type else {
                    preconditionFailure("\(parsed.commandPath) has no command type")
                }
                try PostgresDatabase.resolve(&parsed, configuration: configuration, environment: environment.variables)
                try await command.init(parsed).run(console, environment: environment)
            }
            console.flush()
            return .success
        } catch let error as CLIError {
            program.report(error, console: console)
            return error.status
        } catch {
            console.error(localized("error.prefix") + "\(error)")
            return .failure
        }
    }
}
