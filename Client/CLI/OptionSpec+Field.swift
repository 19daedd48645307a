import GisementCommandLine
import GisementShared

extension OptionSpec {
    /// An option that sets `field` of `kind`: value name, allowed values and default from the schema.
    public static func field(
        _ name: String, _ kind: KindSchema, _ fieldName: String, value valueName: String? = nil,
        help: String? = nil, required: Bool = false, default defaultValue: String? = nil
    ) -> OptionSpec {
        guard let spec = kind.field(fieldName) else {
            preconditionFailure("\(kind.kind) has no field \(fieldName)")
        }
        let shownDefault = defaultValue ?? spec.defaultValue.map { "\($0)" }
        return OptionSpec(
            name, value: valueName ?? name, help: help ?? capitalized(spec.localizedSummary(kind: kind.kind)) + ".",
            allowedValues: spec.choices, default: shownDefault, required: required, field: spec)
    }

    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

extension ParsedArguments {
    /// The value of an option that sets a record field, parsed and checked against the field's rules.
    ///
    /// Returns nil when the option was not given and has no default.
    /// - Throws: a usage error naming the flag and what it accepts, e.g.
    ///   `Invalid value '-3' for --kg: must be decimal ≥ 0, got -3.`
    public func fieldValue(_ name: String) throws(CLIError) -> FieldValue? {
        guard let text = string(name) else { return nil }
        guard let spec = optionSpec(name)?.field else {
            preconditionFailure("--\(name) is not a field option")
        }
        do {
            return try spec.parse(text)
        } catch {
            throw usageError(
                localized(
                    "parse.invalidFieldValue",
                    ["value": ShownValue.quoted(text), "option": "--" + name, "reason": error.reason]))
        }
    }
}
