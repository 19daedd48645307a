#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to standard error and flushed writes to standard output.
///
/// `print` buffers standard output when it is a pipe; the `listening on` line must reach a
/// parent process at once, so it goes through ``StandardOutput/writeLine(_:)``.
public enum StandardError {
    /// Writes `text` to file descriptor 2 in full.
    public static func write(_ text: String) {
        writeAll(fd: 2, text)
    }
}

/// Flushed writes to standard output.
public enum StandardOutput {
    /// Writes one line and flushes it.
    public static func writeLine(_ text: String) {
        fflush(nil)  // anything `print` buffered goes first
        writeAll(fd: 1, text + "\n")
    }
}

/// Writes every byte of `text`, retrying on EINTR and short writes.
func writeAll(fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { buffer in
            Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        }
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += n
    }
}
