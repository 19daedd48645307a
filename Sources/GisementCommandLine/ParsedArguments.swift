import GisementShared

/// The command line of one command after parsing: option values, flags and positional values.
///
/// The parser (``CommandParser``) has already refused unknown options, missing values,
/// options given twice, values outside an option's allowed list and missing required ones;
/// the getters here read text and name the option when they cannot.
public struct ParsedArguments: Sendable {
    /// The command path, e.g. `["test", "create"]`, for usage errors.
    public var commandPath: [String]
    /// The value of each option given (the last one for a repeatable option).
    public var values: [String: String]
    /// Every value of each option given, in order: a repeatable option (`--district A --district B`).
    public var lists: [String: [String]]
    public var flags: Set<String>
    public var positionals: [String]
    /// The specs of the command's options (and the program's global ones), for defaults and messages.
    var optionSpecs: [String: OptionSpec]

    public init(
        commandPath: [String], values: [String: String] = [:], lists: [String: [String]] = [:],
        flags: Set<String> = [], positionals: [String] = [], options: [OptionSpec] = []
    ) {
        self.commandPath = commandPath
        self.values = values
        self.lists = lists
        self.flags = flags
        self.positionals = positionals
        var specs: [String: OptionSpec] = [:]
        for option in options { specs[option.name] = option }
        self.optionSpecs = specs
    }

    /// A usage error about this command.
    public func usageError(_ message: String) -> CLIError {
        CLIError.usage(message, commandPath: commandPath)
    }

    /// The spec of option `name`, if the command has one.
    public func optionSpec(_ name: String) -> OptionSpec? { optionSpecs[name] }

    /// The text of an option, or its declared default, or nil.
    public func string(_ name: String) -> String? {
        values[name] ?? optionSpecs[name]?.defaultValue
    }

    /// The text of a required option (the parser guarantees it is there).
    public func required(_ name: String) throws(CLIError) -> String {
        guard let value = values[name] else { throw usageError(localized("parse.missingValue", ["option": "--" + name])) }
        return value
    }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The positional value at `index`, or nil.
    public func positional(_ index: Int) -> String? {
        index < positionals.count ? positionals[index] : nil
    }
}
