extension KindSchema {
    /// Checks one field write and returns the value in canonical form.
    ///
    /// - Throws: ``ValidationError`` with this kind and the field.
    public func normalize(field name: String, value: FieldValue) throws(ValidationError) -> FieldValue {
        guard let spec = field(name) else {
            throw ValidationError(kind: kind, field: name, problem: .unknownField(known: fieldNames))
        }
        do {
            return try spec.normalize(value)
        } catch {
            var error = error
            error.kind = kind
            throw error
        }
    }

    /// Checks that a record being created has every required field (non-null).
    ///
    /// - Throws: ``ValidationError/Problem/missingRequired`` for the first one missing.
    public func checkRequired(_ fields: [String: FieldValue]) throws(ValidationError) {
        try checkRequired { fields[$0] }
    }

    /// ``checkRequired(_:)`` over a list of fields (a CSV row), without building a dictionary.
    public func checkRequired(_ fields: [(name: String, value: FieldValue)]) throws(ValidationError) {
        try checkRequired { name in fields.first { $0.name == name }?.value }
    }

    private func checkRequired(value: (String) -> FieldValue?) throws(ValidationError) {
        for spec in requiredFields where value(spec.name)?.isNull ?? true {
            throw ValidationError(kind: kind, field: spec.name, problem: .missingRequired)
        }
    }
}

extension Change {
    /// Checks the whole change as the server does before accepting it: id syntax, field,
    /// value, and that the clock holds the change's own dot. Returns the change with its
    /// value in canonical form.
    ///
    /// - Throws: ``ValidationError`` naming the field that is wrong.
    public func validated() throws(ValidationError) -> Change {
        if let why = Identifier.problem(with: id) {
            throw ValidationError(kind: kind, field: "id", problem: .invalidID(why))
        }
        if let why = Identifier.problem(with: replica) {
            throw ValidationError(kind: kind, field: "replica", problem: .other("replica id \(why)"))
        }
        guard counter > 0 else {
            throw ValidationError(kind: kind, field: "counter", problem: .other("counter must be 1 or more"))
        }
        guard clock[replica] == counter else {
            throw ValidationError(
                kind: kind, field: "clock",
                problem: .other("clock must hold the change's own dot \(replica): \(counter)"))
        }
        if clock.entries.count > ChangeLimits.maxClockEntries {
            throw ValidationError(
                kind: kind, field: "clock",
                problem: .other("clock has \(clock.entries.count) entries; the limit is \(ChangeLimits.maxClockEntries)"))
        }
        let clockBytes = ChangeLimits.byteCount(of: clock)
        if clockBytes > ChangeLimits.maxClockBytes {
            throw ValidationError(
                kind: kind, field: "clock",
                problem: .other("clock takes \(clockBytes) bytes; the limit is \(ChangeLimits.maxClockBytes)"))
        }
        for entry in clock.entries where Identifier.problem(with: entry.replica) != nil {
            throw ValidationError(
                kind: kind, field: "clock", problem: .other("clock names an invalid replica id '\(entry.replica)'"))
        }
        var copy = self
        copy.value = try Schema.of(kind).normalize(field: field, value: value)
        return copy
    }
}
