import GisementShared

extension FieldSpec {
    /// Reads a value typed by a person (an option, `FIELD=VALUE`, a CSV cell) as this field's type,
    /// then checks it against the field's rules.
    ///
    /// An empty text is `null` (it clears the field). Integers and decimals are plain numbers
    /// (`12`, `12.5`, also `12,5`); booleans are `true`/`false` (`yes`/`no`, `1`/`0` too);
    /// dates may be `21/03/2026`, date-times local `21/03/2026 10:00` (see ``LocalDateTime``);
    /// choices, references and text stay text.
    /// - Throws: ``ValidationError`` with the field name and the rule that failed.
    public func parse(_ text: String) throws(ValidationError) -> FieldValue {
        if text.isEmpty { return .null }
        let value: FieldValue
        switch type {
        case .integer:
            guard let i = Int64(FieldSpec.withoutDigitGrouping(text)) else {
                throw ValidationError(kind: nil, field: name, problem: .wrongType(expected: localized("rule.wholeNumber"), got: "'\(text)'"))
            }
            value = .integer(i)
        case .decimal:
            guard let d = FieldSpec.parseDecimal(text) else {
                throw ValidationError(kind: nil, field: name, problem: .wrongType(expected: localized("rule.numberLike"), got: "'\(text)'"))
            }
            value = .decimal(d)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1": value = .bool(true)
            case "false", "no", "0": value = .bool(false)
            default:
                throw ValidationError(kind: nil, field: name, problem: .wrongType(expected: localized("rule.boolean"), got: "'\(text)'"))
            }
        case .date:
            // `21/03/2026` as French spreadsheets write it; stored as 2026-03-21.
            value = .text(LocalDate.parse(text)?.description ?? text)
        case .dateTime:
            // A local `2026-03-21 10:00` or `21/03/2026 10:00` is stored in UTC, as `log --at` does.
            value = .text(LocalDateTime.parse(text) ?? text)
        case .text, .choice, .reference:
            value = .text(text)
        }
        return try normalize(value)
    }

    /// A decimal number in plain notation; a decimal comma is accepted (`12,5`), as French users type it.
    static func parseDecimal(_ text: String) -> Double? {
        let text = withoutDigitGrouping(text)
        let plain = text.contains(",") && !text.contains(".") ? text.replacingOccurrences(",", with: ".") : text
        guard let first = plain.utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
            let d = Double(plain), d.isFinite
        else { return nil }
        return d
    }
}

extension FieldSpec {
    /// `1 234,5` → `1234,5`: French spreadsheets group thousands with a space, a no-break space
    /// or a narrow no-break space.
    static func withoutDigitGrouping(_ text: String) -> String {
        guard text.contains(where: { $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" }) else { return text }
        return String(text.filter { $0 != " " && $0 != "\u{A0}" && $0 != "\u{202F}" })
    }
}

extension String {
    /// Replaces every occurrence of `target` (Foundation-free).
    func replacingOccurrences(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
