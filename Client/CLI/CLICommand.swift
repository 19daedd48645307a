import GisementCommandLine
import GisementShared

/// A `gisement` command: parsed from the command line, validated, then run.
///
/// The three steps are apart so that every refusal happens before anything is written:
/// `init(_:)` reads the arguments (the parser has already checked their shape against
/// ``CommandConfiguration``), `validate()` checks what it can without the replica, and
/// `run(_:)` opens the replica, resolves references and writes in one transaction.
public protocol CLICommand {
    static var configuration: CommandConfiguration { get }

    /// Reads the parsed command line.
    /// - Throws: ``CLIError`` (usage) when a value cannot be read as the option's type.
    init(_ arguments: ParsedArguments) throws(CLIError)

    /// Checks what can be checked before opening the replica.
    func validate() throws(CLIError)

    /// Does the work.
    /// - Throws: ``CLIError``; any other error is reported as a failure (exit 1).
    func run(_ context: CommandContext) throws
}

extension CLICommand {
    public func validate() throws(CLIError) {}

    /// The configuration as the command tree holds it: with this type, to run it once parsed.
    public static var node: CommandConfiguration {
        var configuration = configuration
        configuration.commandType = self
        return configuration
    }
}

/// A group of subcommands (`district`, `partner`, `test`): never run itself (the parser asks for
/// a subcommand first).
public protocol CLICommandGroup: CLICommand {}

extension CLICommandGroup {
    public init(_ arguments: ParsedArguments) throws(CLIError) {
        throw CLIError.usage(localized("parse.missingSubcommandShort"), commandPath: [Self.configuration.name])
    }

    public func run(_ context: CommandContext) throws {}
}

extension CommandConfiguration {
    /// A group of `gisement` subcommands, given as the types that run them.
    public init(name: String, abstract: String, discussion: String = "", subcommands: [any CLICommand.Type]) {
        self.init(name: name, abstract: abstract, discussion: discussion, subcommands: subcommands.map { $0.node })
    }
}
