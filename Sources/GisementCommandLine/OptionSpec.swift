import GisementShared

/// One `--option` of a command: its name, value name, help and the values it accepts.
///
/// Options that set a record field carry its ``FieldSpec`` so that the allowed values,
/// ranges and help come from the schema (`Schema.collection.field("weight_kg")`), never
/// from a second list. An option is given at most once unless it is repeatable
/// (`--district A --district B`).
public struct OptionSpec: Sendable {
    /// The long name without dashes (`target-kg`).
    public var name: String
    /// The placeholder printed in help (`<kg>`); nil for a flag that takes no value.
    public var valueName: String?
    /// One line of help.
    public var help: String
    /// The only values accepted, shown in help as `(values: …)`; empty when any value goes.
    public var allowedValues: [String]
    /// The value used when the option is not given, shown in help as `(default: …)`.
    public var defaultValue: String?
    /// Whether the command refuses to run without it.
    public var isRequired: Bool
    /// Whether it may be given more than once, each value kept in order (``ParsedArguments/lists``).
    public var isRepeatable: Bool
    /// The record field the option sets, when it sets one.
    public var field: FieldSpec?

    public init(
        _ name: String, value valueName: String? = nil, help: String, allowedValues: [String] = [],
        default defaultValue: String? = nil, required: Bool = false, repeatable: Bool = false,
        field: FieldSpec? = nil
    ) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.allowedValues = allowedValues
        self.defaultValue = defaultValue
        self.isRequired = required
        self.isRepeatable = repeatable
        self.field = field
    }

    /// Whether the option is a flag (takes no value).
    public var isFlag: Bool { valueName == nil }

    /// `--name <value>` or `--name`, as help and usage print it.
    public var label: String {
        guard let valueName else { return "--\(name)" }
        return "--\(name) <\(valueName)>"
    }
}

/// One positional argument of a command (`NAME`, `ID`, `FIELD=VALUE ...`).
public struct ArgumentSpec: Sendable {
    /// The placeholder printed in help (`<name>`).
    public var name: String
    public var help: String
    public var isRequired: Bool
    /// Whether it takes every remaining positional value (`<assignments> ...`).
    public var isRepeating: Bool

    public init(_ name: String, help: String, required: Bool = true, repeating: Bool = false) {
        self.name = name
        self.help = help
        self.isRequired = required
        self.isRepeating = repeating
    }

    /// `<name>`, `[<name>]` or `<name> ...` as usage prints it.
    public var usage: String {
        var text = "<\(name)>"
        if isRepeating { text += " ..." }
        return isRequired ? text : "[\(text)]"
    }
}
