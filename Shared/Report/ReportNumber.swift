import GisementShared

/// Locale-neutral number formatting for the report renderers, written by hand so that Shared
/// needs no Foundation and every platform prints the same characters.
///
/// People-facing forms group thousands with a space and use the language's decimal mark
/// (`1 234.5 kg`, `42.5 %`; in French `1 234,5 kg`), as ISO 80000-1 allows; an absent figure is `—`.
/// The CSV and JSON forms use plain numbers (`1234.5`).
enum ReportNumber {
    /// Shown in place of a figure that cannot be computed.
    static let absent = "—"

    /// `value` rounded half away from zero to `places` decimals; non-finite values become nil.
    static func rounded(_ value: Double, places: Int) -> Double? {
        guard let scaled = scaled(value, places: places) else { return nil }
        return Double(scaled) / power(places)
    }

    /// `value` × 10^places as a whole number, nil when not finite or out of range.
    static func scaled(_ value: Double, places: Int) -> Int64? {
        let s = (value * power(places)).rounded(.toNearestOrAwayFromZero)
        guard s.isFinite, abs(s) < 9e18 else { return nil }
        return Int64(s)
    }

    static func power(_ places: Int) -> Double {
        var p = 1.0
        for _ in 0..<places { p *= 10 }
        return p
    }

    /// `value` with exactly `places` decimals, or with trailing zeros removed when `trim` is set.
    /// `grouping` separates thousands of the whole part (nil: none).
    static func decimal(
        _ value: Double, places: Int, grouping: String? = nil, trim: Bool = false, mark: String = "."
    ) -> String {
        guard let scaled = scaled(value, places: places) else { return absent }
        let negative = scaled < 0
        let magnitude = scaled.magnitude
        var whole = magnitude
        var fraction = ""
        if places > 0 {
            var divisor: UInt64 = 1
            for _ in 0..<places { divisor *= 10 }
            whole = magnitude / divisor
            let digits = String(magnitude % divisor)
            fraction = String(repeating: "0", count: places - digits.count) + digits
            if trim { while fraction.hasSuffix("0") { fraction.removeLast() } }
        }
        var text = group(String(whole), separator: grouping)
        if !fraction.isEmpty { text += mark + fraction }
        return (negative ? "-" : "") + text
    }

    /// A whole number, thousands grouped.
    static func integer(_ value: Int64, grouping: String? = " ") -> String {
        let text = group(String(value.magnitude), separator: grouping)
        return value < 0 ? "-" + text : text
    }

    static func group(_ digits: String, separator: String?) -> String {
        guard let separator, digits.count > 3 else { return digits }
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return out
    }

    /// `1 234.5 kg` (one decimal) or `—`.
    static func kg(_ value: Double?, grouping: String = " ") -> String {
        guard let value else { return absent }
        return decimal(value, places: 1, grouping: grouping, mark: LocalFormat.decimalMark) + grouping + "kg"
    }

    /// A fraction as a percentage with one decimal: `42.5 %`, or `—`.
    static func percent(_ rate: Double?, grouping: String = " ") -> String {
        guard let rate else { return absent }
        return decimal(rate * 100, places: 1, grouping: grouping, mark: LocalFormat.decimalMark) + grouping + "%"
    }

    /// A per-inhabitant figure, decimals by size so small values stay visible and large ones
    /// stay short: `0.0123 kg`, `6.21 kg`, `73.1 kg/year`.
    static func perInhabitant(_ value: Double?, unit: String, grouping: String = " ") -> String {
        guard let value else { return absent }
        let places = abs(value) >= 10 ? 1 : abs(value) >= 1 ? 2 : 4
        return decimal(value, places: places, grouping: grouping, trim: places == 4, mark: LocalFormat.decimalMark)
            + grouping + unit
    }
}
