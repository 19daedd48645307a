#if canImport(Glibc)
import Glibc
#endif

/// Where a command's output goes: standard output for data and help, standard error for errors.
///
/// Output is buffered (64 KiB) and written with `write(2)`, so that a long listing is not written
/// line by line; a capturing console keeps the text instead, for in-process tests. A program whose
/// output a supervisor reads as it comes (`gisement-server serve` and its `listening on` line)
/// flushes each line.
public final class Console {
    private enum Mode {
        case standard
        case capture
    }

    private let mode: Mode
    /// Whether each line of standard output is written at once rather than buffered.
    private let flushesEachLine: Bool
    /// Bytes waiting to be written to standard output.
    private var buffer: [UInt8] = []
    private static let bufferLimit = 1 << 16
    /// What was written to the output stream (capturing consoles only).
    public private(set) var capturedOutput = ""
    /// What was written to the error stream (capturing consoles only).
    public private(set) var capturedError = ""

    /// Whether standard output and standard error are terminals: text written there has its
    /// control characters escaped (``TerminalText``), whatever its source.
    private let escapesOutput: Bool
    private let escapesErrors: Bool

    private init(mode: Mode, flushesEachLine: Bool = false) {
        self.mode = mode
        self.flushesEachLine = flushesEachLine
        escapesOutput = mode == .standard && isatty(STDOUT_FILENO) == 1
        escapesErrors = mode == .standard && isatty(STDERR_FILENO) == 1
    }

    /// A console on the process's standard output and error.
    public static func standard(flushesEachLine: Bool = false) -> Console {
        Console(mode: .standard, flushesEachLine: flushesEachLine)
    }

    /// A console that keeps what is written, for tests.
    public static func capturing() -> Console { Console(mode: .capture) }

    /// Writes `text` to the output stream as it is.
    public func write(_ text: String) {
        switch mode {
        case .standard:
            buffer.append(contentsOf: (escapesOutput ? TerminalText.escaped(text) : text).utf8)
            if buffer.count >= Console.bufferLimit { flushOutput() }
        case .capture:
            capturedOutput += text
        }
    }

    /// Writes `text` and a newline to the output stream.
    public func line(_ text: String = "") {
        write(text)
        write("\n")
        if flushesEachLine { flush() }
    }

    /// Writes `text` and a newline to the error stream.
    public func error(_ text: String) {
        switch mode {
        case .standard:
            flushOutput()
            Console.writeAll(Array(((escapesErrors ? TerminalText.escaped(text) : text) + "\n").utf8), to: STDERR_FILENO)
        case .capture:
            capturedError += text + "\n"
        }
    }

    /// Pushes buffered output to the file descriptors.
    public func flush() {
        if mode == .standard { flushOutput() }
    }

    private func flushOutput() {
        guard !buffer.isEmpty else { return }
        Console.writeAll(buffer, to: STDOUT_FILENO)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes every byte, retrying after EINTR and short writes; gives up quietly on a closed pipe.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Whether standard output is a terminal (progress and colours only make sense there).
    public var isTerminal: Bool {
        mode == .standard && isatty(STDOUT_FILENO) == 1
    }
}
