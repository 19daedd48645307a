import GisementShared

/// Text made harmless for a terminal: a synced name or note could otherwise carry escape
/// sequences that set the window title, clear the screen or write to the clipboard (OSC 52).
/// Applied by ``Console`` to whatever it writes to a terminal; files and pipes get the bytes as
/// they are.
public enum TerminalText {
    public static func escaped(_ text: String) -> String {
        ControlEscaping.escaped(text, allowing: .terminal)
    }
}
