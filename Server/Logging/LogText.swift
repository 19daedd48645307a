import GisementShared

/// Text from a request made safe for a log line: a control character or a line break in a path
/// (percent-decoded) or a token name could forge a second log line or drive the terminal of
/// whoever reads the log.
enum LogText {
    static func escaped(_ text: String) -> String {
        ControlEscaping.escaped(text, allowing: .logLine)
    }
}
