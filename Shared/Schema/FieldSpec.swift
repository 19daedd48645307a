/// One field of a record kind: its name, type and rules.
public struct FieldSpec: Sendable, Hashable {
    public static let maxTextLength = 2_000

    public var name: String
    public var type: FieldType
    /// Checked when a record is created through a command line; the merge never checks it.
    public var isRequired: Bool
    /// The value a new record gets when none is given (nil: no default).
    public var defaultValue: FieldValue?
    /// Inclusive bounds for numbers.
    public var minimum: Double?
    public var maximum: Double?
    /// One line for help texts and docs.
    public var summary: String

    public init(
        _ name: String, _ type: FieldType, required: Bool = false, default defaultValue: FieldValue? = nil,
        minimum: Double? = nil, maximum: Double? = nil, summary: String = ""
    ) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.defaultValue = defaultValue
        self.minimum = minimum
        self.maximum = maximum
        self.summary = summary
    }

    /// The allowed values of a choice field (empty for other types).
    public var choices: [String] {
        if case .choice(let values) = type { return values }
        return []
    }

    /// The rule in words, in the current ``Language``: `a whole number of at least 0`,
    /// `one of rural, semi-urban, dense-urban`…
    public var ruleDescription: String {
        switch type {
        case .choice(let values): return localized("rule.oneOf", ["choices": values.joined(separator: ", ")])
        case .integer, .decimal:
            let noun = localized(type == .integer ? "rule.wholeNumber" : "rule.number")
            if let minimum, let maximum {
                return localized(
                    "rule.between",
                    ["type": noun, "minimum": FieldValue.format(minimum), "maximum": FieldValue.format(maximum)])
            } else if let minimum {
                return localized("rule.atLeast", ["type": noun, "minimum": FieldValue.format(minimum)])
            }
            return noun
        case .date: return localized("rule.date")
        case .dateTime: return localized("rule.dateTime")
        case .text: return localized("rule.text", ["maximum": String(FieldSpec.maxTextLength)])
        case .boolean: return localized("rule.boolean")
        case .reference(let kind): return localized("rule.reference", ["kind": kind.rawValue])
        }
    }

    /// The one-line summary in the current ``Language`` (the catalogue's `field.KIND.NAME`),
    /// falling back to ``summary``.
    public func localizedSummary(kind: RecordKind) -> String {
        let id = name == Schema.deletedField ? "field.any.deleted" : "field.\(kind.rawValue).\(name)"
        return MessageCatalogue.contains(id) ? localized(id) : summary
    }
}
