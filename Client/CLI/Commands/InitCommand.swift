import GisementCommandLine
import GisementShared

/// `gisement init [--server URL] [--token T | --token-file FILE] [--agent NAME]`: makes the local replica.
struct InitCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "init",
            abstract: localized("help.init.abstract"),
            discussion: localized("help.init.discussion"),
            options: [
                OptionSpec("server", value: "url", help: localized("help.init.server")),
            ] + TokenOption.specs() + [
                OptionSpec("agent", value: "name", help: localized("help.init.agent")),
            ])
    }

    let server: String?
    let token: String?
    let agent: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        server = arguments.string("server")
        token = try TokenOption.read(arguments)
        agent = arguments.string("agent")
        if let server, !InitCommand.isServerURL(server) {
            throw arguments.usageError(localized("init.badServer", ["value": server]))
        }
        if let agent, agent.isEmpty || agent.count > FieldSpec.maxTextLength {
            throw arguments.usageError(localized("init.badAgent", ["maximum": String(FieldSpec.maxTextLength)]))
        }
    }

    /// `http://` or `https://` followed by a host: `http://` alone is no server.
    static func isServerURL(_ text: String) -> Bool {
        for scheme in ["http://", "https://"] where text.hasPrefix(scheme) {
            let host = text.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return !host.isEmpty && !host.hasPrefix(":")
        }
        return false
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
