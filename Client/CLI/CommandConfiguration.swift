import GisementShared

/// What a command says about itself: the help text, its arguments and options, its subcommands.
///
/// Modelled on swift-argument-parser's `CommandConfiguration`; help, usage lines and the
/// parser all read from it, so a command's documentation and behaviour cannot drift apart.
public struct CommandConfiguration {
    /// The word typed on the command line (`add`, `log`).
    public var name: String
    /// One line for lists of subcommands and the OVERVIEW.
    public var abstract: String
    /// A paragraph or two with an example, printed after the overview.
    public var discussion: String
    public var arguments: [ArgumentSpec]
    public var options: [OptionSpec]
    /// Whether the command prints data that `--json` can turn into JSON.
    public var acceptsJSON: Bool
    /// The subcommands of a group (`district add`, `district list`); empty for a leaf command.
    public var subcommands: [any CLICommand.Type]

    public init(
        name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], acceptsJSON: Bool = true, subcommands: [any CLICommand.Type] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.acceptsJSON = acceptsJSON
        self.subcommands = subcommands
    }

    /// The option called `name`, if the command has one.
    public func option(_ name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    /// The subcommand called `name`, if this is a group that has one.
    public func subcommand(_ name: String) -> (any CLICommand.Type)? {
        subcommands.first { $0.configuration.name == name }
    }
}

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
}

/// A group of subcommands (`district`, `partner`, `test`): never run itself.
public protocol CLICommandGroup: CLICommand {}

extension CLICommandGroup {
    public init(_ arguments: ParsedArguments) throws(CLIError) {
        throw CLIError.usage(localized("parse.missingSubcommandShort"), commandPath: [Self.configuration.name])
    }

    public func run(_ context: CommandContext) throws {}
}
