/// What a command says about itself: the help text, its arguments and options, its subcommands.
///
/// Modelled on swift-argument-parser's `CommandConfiguration`; help, usage lines and the
/// parser all read from it, so a command's documentation and behaviour cannot drift apart.
/// A program is a tree of them: the root (the program itself), groups (`district`, `token`)
/// and leaf commands (`district add`, `token add`).
public struct CommandConfiguration: Sendable {
    /// The word typed on the command line (`add`, `log`).
    public var name: String
    /// One line for lists of subcommands and the OVERVIEW.
    public var abstract: String
    /// A paragraph or two with an example, printed after the overview.
    public var discussion: String
    public var arguments: [ArgumentSpec]
    public var options: [OptionSpec]
    /// Whether the program's global `--json` applies (and is listed in the help).
    public var acceptsJSON: Bool
    /// The subcommands of a group (`district add`, `district list`); empty for a leaf command.
    public var subcommands: [CommandConfiguration]
    /// The program's type that runs this command, found again after parsing (nil for a group).
    public var commandType: Any.Type?

    public init(
        name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], acceptsJSON: Bool = true, subcommands: [CommandConfiguration] = [],
        commandType: Any.Type? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.acceptsJSON = acceptsJSON
        self.subcommands = subcommands
        self.commandType = commandType
    }

    /// The option called `name`, if the command has one.
    public func option(_ name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    /// The subcommand called `name`, if this is a group that has one.
    public func subcommand(_ name: String) -> CommandConfiguration? {
        subcommands.first { $0.name == name }
    }

    /// Whether this is a group of subcommands rather than a command that runs.
    public var isGroup: Bool { !subcommands.isEmpty }

    /// The configuration at `path` below this one, nil when a word names nothing.
    public func descendant(_ path: [String]) -> CommandConfiguration? {
        var current = self
        for word in path {
            guard let next = current.subcommand(word) else { return nil }
            current = next
        }
        return current
    }

    /// The names of the subcommands, as error messages list them (`add, list`).
    var subcommandNames: String { subcommands.map(\.name).joined(separator: ", ") }
}
