/// Control characters shown as text (`\u{1b}`), for output that a person reads where a raw
/// control could act: a terminal (escape sequences set the title, clear the screen, write the
/// clipboard) or a log line (a line break forges a second line). One implementation for the
/// client's terminal output and the server's log lines.
public enum ControlEscaping {
    /// What may stay as it is.
    public enum Allowed: Sendable {
        /// Tab and line feed stay, and a carriage return right before a line feed (CRLF).
        case terminal
        /// Nothing stays, line and paragraph separators included: one entry, one line.
        case logLine
    }

    /// `text` with every C0 control, DEL, C1 control and line/paragraph separator that `allowed`
    /// does not keep written as `\u{…}`.
    public static func escaped(_ text: String, allowing allowed: Allowed) -> String {
        // The common case, nothing to escape, costs one scan and no copy.
        guard text.unicodeScalars.contains(where: { isControl($0) || isSeparator($0) }) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            let kept = switch allowed {
            case .terminal: !isControl(scalar) || isLineBreakOrTab(scalar, next: next)
            case .logLine: !isControl(scalar) && !isSeparator(scalar)
            }
            if kept {
                out.append(scalar)
            } else {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            }
        }
        return String(out)
    }

    /// C0 (U+0000–U+001F), DEL or C1 (U+0080–U+009F): the characters a terminal may act on.
    /// Validation refuses them in text fields (``TextRules``); output escapes them.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The controls that free text keeps: tab, line feed, and carriage return before a line feed.
    static func isLineBreakOrTab(_ scalar: Unicode.Scalar, next: Unicode.Scalar?) -> Bool {
        scalar == "\t" || scalar == "\n" || (scalar == "\r" && next == "\n")
    }

    /// U+2028 and U+2029 break a line too (in some viewers), though they are not controls.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
