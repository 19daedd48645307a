/// Control characters shown as text (`\u{1b}`), for output that a person reads where a raw
/// control could act: a terminal (escape sequences set the title, clear the screen, write the
/// clipboard) or a log line (a line break forges a second line). One implementation for the
/// client's terminal output and the server's log lines.
public enum ControlEscaping {
    /// What may stay as it is.
    public struct Allowed: Sendable {
        /// Tab and line feed stay; a carriage return stays right before a line feed (CRLF).
        public static let terminal = Allowed(tabAndLineFeed: true, crlf: true)
        /// Nothing stays: one entry, one line.
        public static let logLine = Allowed(tabAndLineFeed: false, crlf: false)

        let tabAndLineFeed: Bool
        let crlf: Bool
    }

    /// `text` with every C0 control, DEL, C1 control and line/paragraph separator that `allowed`
    /// does not keep written as `\u{…}`.
    public static func escaped(_ text: String, allowing allowed: Allowed) -> String {
        guard text.unicodeScalars.contains(where: { isEscaped($0, allowed) }) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            let keptCR = allowed.crlf && scalar == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n"
            if !keptCR, isEscaped(scalar, allowed) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isEscaped(_ scalar: Unicode.Scalar, _ allowed: Allowed) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: !allowed.tabAndLineFeed
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: !allowed.tabAndLineFeed
        default: false
        }
    }
}
