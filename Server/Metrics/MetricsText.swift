/// Writes the Prometheus text exposition format, version 0.0.4: `# HELP` and `# TYPE` lines,
/// then one `name{label="value"} number` line per sample.
///
/// ```swift
/// var text = MetricsText()
/// text.family("gisement_changes_pushed_total", type: .counter, help: "Changes accepted by pushes.")
/// text.sample("gisement_changes_pushed_total", value: 12)
/// text.output   // "# HELP gisement_changes_pushed_total …\n# TYPE … counter\ngisement_changes_pushed_total 12\n"
/// ```
struct MetricsText {
    /// The media type of the format, as scrapers ask for it.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A family's type, as the `# TYPE` line names it.
    enum Kind: String {
        case counter, gauge, histogram
    }

    /// The text so far.
    private(set) var output = ""

    /// The `# HELP` and `# TYPE` lines that open a family.
    mutating func family(_ name: String, type: Kind, help: String) {
        output += "# HELP \(name) \(Self.escapedHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// One sample line; labels keep the order given.
    mutating func sample(_ name: String, _ labels: [(String, String)] = [], value: Double) {
        output += name
        if !labels.isEmpty {
            output += "{"
            for (index, (label, labelValue)) in labels.enumerated() {
                if index > 0 { output += "," }
                output += "\(label)=\"\(Self.escapedLabelValue(labelValue))\""
            }
            output += "}"
        }
        output += " \(Self.number(value))\n"
    }

    /// A histogram's samples: cumulative `_bucket` lines ending with `le="+Inf"`, then `_sum` and `_count`.
    mutating func histogram(_ name: String, _ labels: [(String, String)] = [], _ histogram: DurationHistogram) {
        for (bound, count) in zip(histogram.bounds, histogram.cumulativeCounts()) {
            sample(name + "_bucket", labels + [("le", Self.number(bound))], value: Double(count))
        }
        sample(name + "_bucket", labels + [("le", "+Inf")], value: Double(histogram.count))
        sample(name + "_sum", labels, value: histogram.sum)
        sample(name + "_count", labels, value: Double(histogram.count))
    }

    /// A label value with `\`, `"` and line feeds escaped, as the format requires.
    static func escapedLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A help text with `\` and line feeds escaped (quotes stay as they are there).
    static func escapedHelp(_ help: String) -> String {
        help.replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }

    /// A sample value: whole numbers without a fraction (`12`, not `12.0`), `+Inf`, `-Inf` and `NaN` by name.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
