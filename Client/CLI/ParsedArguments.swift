import GisementShared

/// The command line of one command after parsing: option values, flags and positional values.
///
/// The parser (``ArgumentParser``) has already refused unknown options, missing values,
/// repeated options, values outside an option's allowed list and missing required ones;
/// the typed getters here turn text into numbers and dates and name the flag when they cannot.
public struct ParsedArguments: Sendable {
    /// The command path, e.g. `["test", "create"]`, for usage errors.
    public var commandPath: [String]
    public var values: [String: String]
    public var flags: Set<String>
    public var positionals: [String]
    /// The specs of the command's options, for the typed getters' messages.
    var optionSpecs: [String: OptionSpec]

    public init(
        commandPath: [String], values: [String: String] = [:], flags: Set<String> = [],
        positionals: [String] = [], options: [OptionSpec] = []
    ) {
        self.commandPath = commandPath
        self.values = values
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

    /// The value of an option that sets a record field, parsed and checked against the field's rules.
    ///
    /// Returns nil when the option was not given and has no default.
    /// - Throws: a usage error naming the flag and what it accepts, e.g.
    ///   `Invalid value '-3' for --kg: must be decimal ≥ 0, got -3.`
    public func fieldValue(_ name: String) throws(CLIError) -> FieldValue? {
        guard let text = string(name) else { return nil }
        guard let spec = optionSpecs[name]?.field else {
            preconditionFailure("--\(name) is not a field option")
        }
        do {
            return try spec.parse(text)
        } catch {
            throw usageError(localized("parse.invalidFieldValue", ["value": ShownValue.quoted(text), "option": "--" + name, "reason": error.reason]))
        }
    }
}
