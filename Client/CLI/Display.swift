#if canImport(Glibc)
import Glibc
#endif
import GisementShared

/// How values look to people: dates in local time, numbers with their units.
///
/// Machine-readable output (`--json`, `export`) never goes through here.
public enum Display {
    /// A field's value for a person in the current language: `12.5 kg`, `60 %`, `2026-11-21 11:15`
    /// (local time), a choice's label; in French `12,5 kg`, `21/11/2026 11:15`, "porte-à-porte".
    public static func value(_ value: FieldValue?, field: String, type: FieldType?) -> String {
        guard let value, !value.isNull else { return "" }
        switch value {
        case .text(let text):
            switch type {
            case .dateTime?: return dateTime(text)
            case .date?: return LocalFormat.date(text)
            case .choice?: return Vocabulary.label(text, field: field)
            default: return text
            }
        case .decimal(let d):
            return withUnit(d, field: field)
        case .integer(let i):
            if case .decimal? = type { return withUnit(Double(i), field: field) }
            return withUnit(Double(i), field: field, isInteger: true)
        default:
            return value.description
        }
    }

    /// A number with its unit: kilograms for weights, a percentage for rates.
    static func withUnit(_ number: Double, field: String, isInteger: Bool = false) -> String {
        if field.hasSuffix("_kg") || field == "kg" { return LocalFormat.number(number2(number)) + " kg" }
        if field.hasSuffix("_rate") { return LocalFormat.number(number2(number * 100)) + " %" }
        return isInteger ? String(Int64(number)) : LocalFormat.number(number2(number))
    }

    /// A number with at most two decimals, trailing zeros dropped (`12.5`, `3`, `0.13`).
    public static func number2(_ number: Double) -> String {
        let rounded = (number * 100).rounded() / 100
        return FieldValue.format(rounded)
    }

    /// An ISO date-time with a zone as local `YYYY-MM-DD HH:MM`; text that is not one is shown as it is.
    public static func dateTime(_ text: String) -> String {
        guard let parsed = ZonedDateTime(text) else { return text }
        return LocalFormat.dateTime(localTime(epochSeconds: parsed.epochSeconds))
    }

    /// Milliseconds since 1970 as local `YYYY-MM-DD HH:MM`.
    public static func timestamp(milliseconds: Int64) -> String {
        LocalFormat.dateTime(localTime(epochSeconds: milliseconds / 1000))
    }

    /// Seconds since 1970 as local `YYYY-MM-DD HH:MM`, using the process's time zone (`TZ`).
    public static func localTime(epochSeconds: Int64) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else {
            return ZonedDateTime.utcString(epochSeconds: epochSeconds)
        }
        func pad(_ v: Int32) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) \(pad(parts.tm_hour)):\(pad(parts.tm_min))"
    }
}

extension Record {
    /// The record as one flat JSON object: `id`, then every field of the kind except `deleted`,
    /// `null` when unset. What `list --json` and `export --format json` print.
    public var flatJSON: JSONValue {
        var object = JSONObject()
        object["id"] = .string(id)
        for spec in Schema.of(kind).fields where spec.name != Schema.deletedField {
            object[spec.name] = (self[spec.name] ?? .null).json
        }
        return .object(object)
    }

    /// The record as the server's record API returns it: `{"kind", "id", "fields", "deleted"}`.
    public var documentJSON: JSONValue {
        var fieldsObject = JSONObject()
        for spec in Schema.of(kind).fields where spec.name != Schema.deletedField {
            if let value = self[spec.name] { fieldsObject[spec.name] = value.json }
        }
        return .object([
            "kind": .string(kind.rawValue), "id": .string(id), "fields": .object(fieldsObject),
            "deleted": .bool(isDeleted),
        ])
    }
}
