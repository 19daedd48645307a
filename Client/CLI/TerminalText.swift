/// Text made harmless for a terminal: a synced name or note could otherwise carry escape
/// sequences that set the window title, clear the screen or write to the clipboard (OSC 52).
///
/// Every C0 control but tab and line feed, DEL and every C1 control is shown as `\u{1b}`-style
/// text; a carriage return is kept only before a line feed (CSV's CRLF line ends). Applied by
/// ``Console`` to whatever it writes to a terminal; files and pipes get the bytes as they are.
enum TerminalText {
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            if scalar == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" {
                out.append(scalar)
            } else if isControl(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
