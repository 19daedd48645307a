import GisementShared

/// `gisement init [--server URL] [--token T | --token-file FILE] [--agent NAME]`: makes the local replica.
struct InitCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "init",
            abstract: "Make the local replica and print its id.",
            discussion: """
                Creates the replica file (see --db) with a new random replica id. The server URL and
                token are remembered for 'gisement sync'; the agent name is stamped on every
                collection logged here. An existing replica is never overwritten.

                  gisement init --agent "Awa Diallo" \\
                    --server https://gisement.example.org --token 3f9c…
                """,
            options: [
                OptionSpec("server", value: "url", help: "The sync server, e.g. https://gisement.example.org."),
            ] + TokenOption.specs() + [
                OptionSpec("agent", value: "name", help: "Your name, stamped on the collections you log."),
            ])
    }

    let server: String?
    let token: String?
    let agent: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        server = arguments.string("server")
        token = try TokenOption.read(arguments)
        agent = arguments.string("agent")
        if let server, !(server.hasPrefix("http://") || server.hasPrefix("https://")) || server.count < 8 {
            throw arguments.usageError("Invalid value '\(server)' for --server; give a URL starting with http:// or https://.")
        }
        if let agent, agent.isEmpty || agent.count > FieldSpec.maxTextLength {
            throw arguments.usageError("Invalid value for --agent; give a name of 1 to \(FieldSpec.maxTextLength) characters.")
        }
    }

    func run(_ context: CommandContext) throws {
        let path = context.databasePath
        try FileSystem.makeDirectories(FileSystem.directory(of: path))
        let store = try ReplicaStore.create(
            path: path, settings: .init(server: server, token: token, agent: agent), clock: context.clock)
        if context.isJSON {
            context.printJSON(.object(["replica": .string(store.replicaID), "database": .string(path)]))
        } else {
            context.console.line(store.replicaID)
        }
    }
}
