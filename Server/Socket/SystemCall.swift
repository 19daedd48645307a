#if canImport(Glibc)
import Glibc
#endif

/// The single path through which the socket layer calls the system.
///
/// Retries EINTR, turns EAGAIN into ``SocketError/wouldBlock`` and ECONNRESET/EPIPE into
/// ``SocketError/disconnected``, and traps on EBADF: using a closed descriptor is a programmer
/// error that could otherwise touch an unrelated file that reused the number.
enum SystemCall {
    /// Calls `body` until it does not fail with EINTR; returns its non-negative result.
    /// - Throws: ``SocketError`` built from `errno`.
    @discardableResult
    static func perform<Result: BinaryInteger>(_ operation: String, _ body: () -> Result) throws(SocketError)
        -> Result
    {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw .wouldBlock
            case ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED: throw .disconnected
            case EBADF: preconditionFailure("\(operation): bad file descriptor (a descriptor was used after close)")
            default: throw .failed(operation: operation, errno: code, message: describe(code))
            }
        }
    }

    /// Closes `descriptor`. EINTR is not retried: on Linux the descriptor is already released and a
    /// retry could close a descriptor another thread just opened.
    static func close(_ descriptor: Int32) {
        if Glibc.close(descriptor) == -1, errno == EBADF {
            preconditionFailure("close: bad file descriptor \(descriptor) (closed twice)")
        }
    }

    /// `strerror` text for an errno value.
    static func describe(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBufferPointer { pointer -> String in
            // The XSI strerror_r (the one Swift sees) fills the buffer and returns 0.
            guard strerror_r(code, pointer.baseAddress!, pointer.count) == 0 else { return "errno \(code)" }
            return String(cString: pointer.baseAddress!)
        }
    }

    /// Makes the process ignore SIGPIPE, a second guard besides `MSG_NOSIGNAL`: a write to a closed
    /// socket must give EPIPE, never kill the server. Idempotent.
    /// Sets `O_NONBLOCK` and `FD_CLOEXEC` on a descriptor (Glibc's Swift module lacks `accept4`/`pipe2`).
    static func makeNonBlocking(_ descriptor: Int32) throws(SocketError) {
        let flags = try perform("fcntl(F_GETFL)") { fcntl(descriptor, F_GETFL) }
        try perform("fcntl(F_SETFL)") { fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
        try perform("fcntl(F_SETFD)") { fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    }

    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
