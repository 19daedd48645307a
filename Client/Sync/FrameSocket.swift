#if os(Linux)
import Glibc

/// Reads and writes ``TransportFrame`` frames on a stream socket, with a deadline.
///
/// Writes use `MSG_NOSIGNAL`: a peer that died makes a write fail with `EPIPE` instead of
/// killing this process with `SIGPIPE`.
struct FrameSocket {
    enum Failure: Error {
        /// The other side closed the socket (or died).
        case closed
        /// Nothing complete came before the deadline.
        case timedOut
        /// A frame longer than ``TransportFrame/maxLength``.
        case malformed
    }

    let descriptor: Int32

    /// Sends all of `bytes`.
    func write(_ bytes: [UInt8]) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .closed
            }
            sent += count
        }
    }

    /// Reads one frame's payload; waits at most until `deadline` (nil: for ever).
    func read(until deadline: ContinuousClock.Instant?) throws(Failure) -> [UInt8] {
        let header = try read(count: 4, until: deadline)
        var length = 0
        for (offset, byte) in header.enumerated() { length |= Int(byte) << (8 * offset) }
        guard length <= TransportFrame.maxLength else { throw .malformed }
        return try read(count: length, until: deadline)
    }

    private func read(count: Int, until deadline: ContinuousClock.Instant?) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            try waitReadable(until: deadline)
            let got = bytes.withUnsafeMutableBytes { buffer in
                recv(descriptor, buffer.baseAddress! + filled, count - filled, 0)
            }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .closed
            }
            if got == 0 { throw .closed }
            filled += got
        }
        return bytes
    }

    private func waitReadable(until deadline: ContinuousClock.Instant?) throws(Failure) {
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline).components
                let ms = left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000
                guard ms > 0 else { throw .timedOut }
                milliseconds = Int32(clamping: ms)
            }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw .closed }
        }
    }
}
#endif
