/// The `gisement-server` command line: finds the command, parses its words, runs it and turns
/// any failure into one sentence on standard error and the contract's exit status.
///
/// ```swift
/// // Sources/gisement-server/main.swift
/// exit(await ServerCommandLine.main(Array(CommandLine.arguments.dropFirst())))
/// ```
public enum ServerCommandLine {
    static let commands: [any ServerCommand.Type] = [
        ServeCommand.self, TokenAddCommand.self, TokenListCommand.self, TokenRevokeCommand.self, TokenScopeCommand.self,
        MergesCommand.self, SessionsCommand.self, BackupCommand.self, RestoreCommand.self,
        ReplicaReleaseCommand.self,
    ]

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func main(_ arguments: [String], console: Console) async -> Int32 {
        do {
            try await run(arguments, console: console)
            return ServerExitStatus.success.rawValue
        } catch let error as ServerCommandError {
            console.err("Error: \(error.message)")
            if error.status == .usage {
                if let name = error.command, let spec = commands.first(where: { $0.spec.name == name })?.spec {
                    console.err("Usage: " + ServerHelp.usage(spec).dropFirst("USAGE: ".count))
                    console.err("  See '\(ServerHelp.program) \(name) --help' for more.")
                } else {
                    console.err("  See '\(ServerHelp.program) --help' for the commands.")
                }
            }
            return error.status.rawValue
        } catch {
            console.err("Error: \(error)")
            return ServerExitStatus.failure.rawValue
        }
    }

    private static func run(_ arguments: [String], console: Console) async throws {
        guard let first = arguments.first else {
            console.out(ServerHelp.overview(commands.map { $0.spec }))
            return
        }
        switch first {
        case "-h", "--help":
            console.out(ServerHelp.overview(commands.map { $0.spec }))
            return
        case "--version":
            console.out("gisement-server \(ServerVersion.current)")
            return
        case "help":
            let rest = Array(arguments.dropFirst())
            if rest.isEmpty {
                console.out(ServerHelp.overview(commands.map { $0.spec }))
                return
            }
            guard let (command, _) = find(rest) else {
                throw ServerCommandError(.usage, "Unknown command '\(rest.joined(separator: " "))'.")
            }
            console.out(ServerHelp.help(command.spec))
            return
        default:
            break
        }
        guard let (command, words) = find(arguments) else {
            if first == "token" {
                throw ServerCommandError(
                    .usage, arguments.count > 1 ? "Unknown token command '\(arguments[1])'; use add, list, scope or revoke."
                        : "Missing token command; use add, list, scope or revoke.")
            }
            throw ServerCommandError(.usage, "Unknown command '\(first)'.")
        }
        if words.contains(where: { $0 == "-h" || $0 == "--help" }) {
            console.out(ServerHelp.help(command.spec))
            return
        }
        var parsed = try ParsedCommand(words, spec: command.spec)
        try PostgresDatabase.resolve(&parsed, spec: command.spec, environment: console.environment)
        try await command.init(parsed).run(console)
    }

    /// The command named by the first one or two words, and the words after its name.
    private static func find(_ arguments: [String]) -> (any ServerCommand.Type, [String])? {
        for command in commands {
            let name = command.spec.name.split(separator: " ").map(String.init)
            if arguments.count >= name.count, Array(arguments.prefix(name.count)) == name {
                return (command, Array(arguments.dropFirst(name.count)))
            }
        }
        return nil
    }
}
