extension FieldSpec {
    /// Checks `value` against the field's type and rules and returns it in canonical form
    /// (an integer given for a decimal field becomes a decimal). `null` is always accepted:
    /// it clears the field.
    ///
    /// - Throws: ``ValidationError`` naming the field and what was wrong (kind left nil for the caller).
    public func normalize(_ value: FieldValue) throws(ValidationError) -> FieldValue {
        func fail(_ problem: ValidationError.Problem) -> ValidationError {
            ValidationError(kind: nil, field: name, problem: problem)
        }
        if case .null = value { return .null }
        switch type {
        case .text:
            guard case .text(let s) = value else { throw fail(.wrongType(expected: localized("rule.text.plain"), got: value.jsonTypeName)) }
            let bytes = s.utf8.count
            if bytes > ChangeLimits.maxTextBytes {
                throw fail(.textTooLarge(maximumBytes: ChangeLimits.maxTextBytes, got: bytes))
            }
            if bytes > FieldSpec.maxTextLength {
                let count = s.count
                if count > FieldSpec.maxTextLength {
                    throw fail(.textTooLong(maximum: FieldSpec.maxTextLength, got: count))
                }
            }
            if let (scalar, offset) = TextRules.forbiddenControl(in: s, multiLine: isMultiLine) {
                throw fail(.controlCharacter(scalar.value, offset: offset, lineBreaksAllowed: isMultiLine))
            }
            return value
        case .integer:
            let i: Int64
            switch value {
            case .integer(let v): i = v
            case .decimal(let d) where d.isFinite && d == d.rounded() && abs(d) < 9e15: i = Int64(d)
            default: throw fail(.wrongType(expected: localized("rule.wholeNumber"), got: value.jsonTypeName))
            }
            try checkRange(Double(i), got: String(i))
            return .integer(i)
        case .decimal:
            guard let d = value.numberValue else {
                throw fail(.wrongType(expected: localized("rule.number"), got: value.jsonTypeName))
            }
            guard d.isFinite else { throw fail(.wrongType(expected: localized("rule.finiteNumber"), got: "\(d)")) }
            try checkRange(d, got: FieldValue.format(d))
            return .decimal(d)
        case .boolean:
            guard case .bool = value else { throw fail(.wrongType(expected: localized("rule.boolean"), got: value.jsonTypeName)) }
            return value
        case .date:
            guard case .text(let s) = value else { throw fail(.wrongType(expected: localized("rule.dateText"), got: value.jsonTypeName)) }
            guard CivilDate(s) != nil else { throw fail(.invalidDate(got: s)) }
            return value
        case .dateTime:
            guard case .text(let s) = value else {
                throw fail(.wrongType(expected: localized("rule.dateTimeText"), got: value.jsonTypeName))
            }
            guard ZonedDateTime(s) != nil else { throw fail(.invalidDateTime(got: s)) }
            return value
        case .choice(let allowed):
            guard case .text(let s) = value else { throw fail(.wrongType(expected: localized("rule.text.plain"), got: value.jsonTypeName)) }
            guard allowed.contains(s) else { throw fail(.notAChoice(allowed: allowed, got: s)) }
            return value
        case .reference:
            guard case .text(let s) = value else { throw fail(.wrongType(expected: localized("rule.anID"), got: value.jsonTypeName)) }
            if let why = Identifier.problem(with: s) { throw fail(.invalidID(why)) }
            return value
        }
    }

    /// `got` is only formatted for the message: formatting every number checked was most of the
    /// cost of normalizing a value.
    private func checkRange(_ number: Double, got: @autoclosure () -> String) throws(ValidationError) {
        if let minimum, number < minimum {
            throw ValidationError(kind: nil, field: name, problem: .outOfRange(rule: ruleDescription, got: got()))
        }
        if let maximum, number > maximum {
            throw ValidationError(kind: nil, field: name, problem: .outOfRange(rule: ruleDescription, got: got()))
        }
    }
}

extension FieldValue {
    /// The JSON type of the value, for messages.
    public var jsonTypeName: String {
        switch self {
        case .null: return localized("json.null")
        case .bool: return localized("json.boolean")
        case .integer, .decimal: return localized("json.number")
        case .text: return localized("json.string")
        }
    }
}
