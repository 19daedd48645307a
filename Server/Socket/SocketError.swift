/// The one error type of the socket layer, built at the failing syscall.
///
/// `wouldBlock` and `disconnected` are ordinary events on non-blocking sockets and are handled by
/// the caller; `failed` carries the operation name and `errno` for logs.
public enum SocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A syscall failed for a reason the caller should report (`bind` → EADDRINUSE).
    case failed(operation: String, errno: Int32, message: String)
    /// The operation would block (EAGAIN/EWOULDBLOCK on a non-blocking socket).
    case wouldBlock
    /// The peer is gone (end of stream, ECONNRESET, EPIPE).
    case disconnected

    public var description: String {
        switch self {
        case .failed(let operation, let errno, let message): "\(operation) failed: \(message) (errno \(errno))"
        case .wouldBlock: "the operation would block"
        case .disconnected: "the peer closed the connection"
        }
    }
}
