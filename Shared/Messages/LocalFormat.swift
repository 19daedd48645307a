import GisementShared

/// How numbers and dates are written for people in the current ``Language``: `1 234.5` and
/// `2026-03-21` in English, `1 234,5` and `21/03/2026` in French. Machine forms (JSON, CSV
/// columns, commands) never go through here.
public enum LocalFormat {
    /// The decimal mark: `.` or `,`.
    public static var decimalMark: String { Language.current == .fr ? "," : "." }

    /// `text` (a plain number such as `1234.5`) as the current language writes it: unchanged in
    /// English, `1 234,5` in French (thousands grouped by a space, decimal comma).
    public static func number(_ text: String) -> String {
        guard Language.current == .fr else { return text }
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let whole = body.prefix { $0 != "." }
        guard whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return String(text.map { $0 == "." ? "," : $0 }) }
        let fraction = body.dropFirst(whole.count)
        var out = ""
        for (i, c) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { out += " " }
            out.append(c)
        }
        return (negative ? "-" : "") + out + String(fraction.map { $0 == "." ? "," : $0 })
    }

    /// A whole number with thousands grouped by a space: `2 345`.
    public static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += " " }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// A `YYYY-MM-DD` date as people read it: unchanged in English, `DD/MM/YYYY` in French.
    /// Text that is not such a date is returned as it is.
    public static func date(_ iso: String) -> String {
        guard Language.current == .fr, CivilDate(iso) != nil else { return iso }
        let parts = iso.split(separator: "-")
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// A local `YYYY-MM-DD HH:MM` as people read it (`21/03/2026 10:00` in French).
    public static func dateTime(_ local: String) -> String {
        guard Language.current == .fr, local.count >= 10 else { return local }
        let day = String(local.prefix(10))
        return date(day) + local.dropFirst(10)
    }
}
