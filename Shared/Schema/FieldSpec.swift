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

    /// A human description of the rule: `int ≥ 0`, `one of rural, semi-urban, dense-urban`…
    public var ruleDescription: String {
        switch type {
        case .choice(let values): return "one of " + values.joined(separator: ", ")
        case .integer, .decimal:
            var text = type.name
            if let minimum, let maximum {
                text += " \(FieldValue.format(minimum))…\(FieldValue.format(maximum))"
            } else if let minimum {
                text += " ≥ \(FieldValue.format(minimum))"
            }
            return text
        case .date: return "date YYYY-MM-DD"
        case .dateTime: return "date-time like 2026-11-21T10:15:30Z"
        case .text: return "text of at most \(FieldSpec.maxTextLength) characters"
        case .boolean: return "true or false"
        case .reference(let kind): return "id of a \(kind.rawValue)"
        }
    }
}
