/// Escaping and small helpers for the HTML and SVG the report writes.
enum ReportMarkup {
    /// Text made safe inside an element or a quoted attribute: `& < > " '` become entities
    /// (HTML Living Standard §13.1.4; the same five are safe in SVG, which is XML).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for an HTML table cell or heading, escaped, with each hyphenated word kept on one line
    /// (`Saint-Nazaire`, `porte-à-porte`): a browser may break a line after a hyphen even with
    /// hyphenation off, which prints "Saint-" and "Nazaire" on two lines.
    static func words(_ text: String) -> String {
        guard text.contains("-") else { return escape(text) }
        return text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.contains("-") && word.count > 1 ? "<span class=\"w\">" + escape(String(word)) + "</span>" : escape(String(word))
        }.joined(separator: " ")
    }

    /// A coordinate or length for SVG: at most one decimal, no exponent.
    static func number(_ value: Double) -> String {
        ReportNumber.decimal(value.isFinite ? value : 0, places: 1, trim: true)
    }

    /// The space used in HTML between digit groups and before units: U+202F NARROW NO-BREAK SPACE,
    /// so `1 234.5 kg` never wraps.
    static let space = "\u{202F}"
}
