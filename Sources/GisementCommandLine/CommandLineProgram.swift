import GisementShared

/// One program's command line: its name, version, command tree and global options; parses a
/// command line, prints help at every level and reports errors the same way for `gisement` and
/// `gisement-server`.
///
/// ```swift
/// switch try program.parse(arguments) {
/// case .help(let path): console.write(program.helpText(path: path))
/// case .version: console.line(program.version)
/// case .run(let command, let arguments): …
/// }
/// ```
/// `--help`, `-h` and `help CMD [SUB]` print the help of any group or command (exit 0); an
/// unknown command or option is a usage error (exit 64) followed by the usage and where the help is.
public struct CommandLineProgram: Sendable {
    /// The program's name as typed (`gisement-server`).
    public var name: String
    /// What `--version` prints.
    public var version: String
    /// The program itself: its abstract and discussion, and its commands as subcommands.
    public var root: CommandConfiguration
    /// Options every command accepts, before or after the command name (`--db`, `--json`).
    public var globalOptions: [OptionSpec]
    /// Whether an empty command line prints the help (else it is a usage error).
    public var helpWhenEmpty: Bool

    public init(
        name: String, version: String, abstract: String, discussion: String = "", commands: [CommandConfiguration],
        globalOptions: [OptionSpec] = [], helpWhenEmpty: Bool = false
    ) {
        self.name = name
        self.version = version
        self.root = CommandConfiguration(name: name, abstract: abstract, discussion: discussion, subcommands: commands)
        self.globalOptions = globalOptions
        self.helpWhenEmpty = helpWhenEmpty
    }

    /// Parses the arguments after the program name.
    /// - Throws: ``CLIError`` (usage) for an unknown command or option, a missing, repeated or
    ///   refused value, a missing or unexpected argument.
    public func parse(_ arguments: [String]) throws(CLIError) -> Invocation {
        var parser = CommandParser(program: self)
        return try parser.parse(arguments)
    }

    /// The help text of the command at `path` (the program's help for an empty or unknown path).
    public func helpText(path: [String]) -> String {
        let formatter = HelpFormatter(program: self)
        guard let configuration = root.descendant(path) else { return formatter.help(path: [], configuration: root) }
        return formatter.help(path: path, configuration: configuration)
    }

    /// Prints an error: `Error: …`, then for usage errors the usage and where to find help.
    public func report(_ error: CLIError, console: Console) {
        console.error(localized("error.prefix") + error.message)
        guard error.status == .usage, let path = error.commandPath else { return }
        if !path.isEmpty, let configuration = root.descendant(path) {
            console.error(
                HelpFormatter(program: self).usage(path: path, configuration: configuration)
                    .replacingPrefix(localized("help.heading.usage"), localized("error.usage")))
        } else {
            console.error(localized("error.usage") + " \(name) <command> [<options>]")
        }
        console.error(localized("error.seeHelp", ["command": ([name] + path).joined(separator: " ")]))
    }
}

extension String {
    /// The string with `prefix` replaced by `replacement` when it starts with it.
    func replacingPrefix(_ prefix: String, _ replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
