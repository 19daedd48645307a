#if canImport(Glibc)
import Glibc
#endif

/// The descriptors the event loop watches, waited on with `poll(2)`, plus a pipe that other threads
/// write to wake the waiting thread.
///
/// Why poll and not epoll: Swift's Glibc module does not export `<sys/epoll.h>` and the package has
/// no C shim for it. The `pollfd` array is kept between waits (O(1) register/modify/unregister by
/// swap-remove), so the cost per wake is the kernel's O(n) scan: tens of microseconds at the default
/// bound of 1024 connections.
///
/// Each descriptor carries a 64-bit token chosen by the caller (a connection id), so a reused
/// descriptor number is never mistaken for the connection that had it before.
/// Only ``wake()`` may be called from another thread; everything else belongs to the loop thread.
final class PollSet: @unchecked Sendable {
    // @unchecked: `wake()` only writes one byte to a pipe, which the kernel makes thread-safe;
    // the arrays are touched by the single loop thread only.

    /// What the loop wants to hear about for a descriptor.
    struct Interest: OptionSet, Sendable {
        let rawValue: Int16
        static let readable = Interest(rawValue: Int16(POLLIN))
        static let writable = Interest(rawValue: Int16(POLLOUT))
        static let none: Interest = []
    }

    /// One readiness report.
    struct Event {
        var token: UInt64
        var isReadable: Bool
        var isWritable: Bool
        /// Error, hang-up or invalid descriptor.
        var isHangUp: Bool
    }

    /// The token reported for ``wake()``.
    static let wakeToken: UInt64 = .max

    private var descriptors: [pollfd] = []
    private var tokens: [UInt64] = []
    private var slots: [Int32: Int] = [:]
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// Makes the set and its wake pipe.
    /// - Throws: ``SocketError`` when the process is out of descriptors.
    init() throws(SocketError) {
        var ends: [Int32] = [0, 0]
        try SystemCall.perform("pipe") { pipe(&ends) }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        do {
            try SystemCall.makeNonBlocking(wakeRead)
            try SystemCall.makeNonBlocking(wakeWrite)
        } catch {
            SystemCall.close(wakeRead)
            SystemCall.close(wakeWrite)
            throw error
        }
        register(wakeRead, token: Self.wakeToken, interest: .readable)
    }

    deinit {
        SystemCall.close(wakeRead)
        SystemCall.close(wakeWrite)
    }

    /// The number of watched descriptors, the wake pipe included.
    var count: Int { descriptors.count }

    /// Starts watching `descriptor`.
    func register(_ descriptor: Int32, token: UInt64, interest: Interest) {
        precondition(slots[descriptor] == nil, "descriptor \(descriptor) registered twice")
        slots[descriptor] = descriptors.count
        descriptors.append(pollfd(fd: descriptor, events: interest.rawValue, revents: 0))
        tokens.append(token)
    }

    /// Changes what is watched for `descriptor`.
    func modify(_ descriptor: Int32, interest: Interest) {
        guard let slot = slots[descriptor] else { preconditionFailure("descriptor \(descriptor) not registered") }
        descriptors[slot].events = interest.rawValue
    }

    /// Stops watching `descriptor` (before closing it).
    func unregister(_ descriptor: Int32) {
        guard let slot = slots.removeValue(forKey: descriptor) else { return }
        let last = descriptors.count - 1
        if slot != last {
            descriptors[slot] = descriptors[last]
            tokens[slot] = tokens[last]
            slots[descriptors[slot].fd] = slot
        }
        descriptors.removeLast()
        tokens.removeLast()
    }

    /// Waits up to `timeoutMilliseconds` for readiness. The wake pipe is drained here and reported
    /// with ``wakeToken``. EINTR gives an empty answer.
    func wait(timeoutMilliseconds: Int32) -> [Event] {
        let ready: Int32
        do {
            ready = try descriptors.withUnsafeMutableBufferPointer { buffer throws(SocketError) in
                try SystemCall.perform("poll") { poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds) }
            }
        } catch {
            return []
        }
        var events: [Event] = []
        guard ready > 0 else { return events }
        events.reserveCapacity(Int(ready))
        for slot in descriptors.indices where descriptors[slot].revents != 0 {
            let flags = Int32(descriptors[slot].revents)
            descriptors[slot].revents = 0
            if tokens[slot] == Self.wakeToken { drainWakePipe() }
            events.append(
                Event(
                    token: tokens[slot],
                    isReadable: flags & Int32(POLLIN) != 0,
                    isWritable: flags & Int32(POLLOUT) != 0,
                    isHangUp: flags & Int32(POLLERR | POLLHUP | POLLNVAL) != 0))
        }
        return events
    }

    /// Wakes the thread blocked in ``wait(timeoutMilliseconds:)``; safe from any thread.
    func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)  // EAGAIN means a wake is already pending: fine.
    }

    private func drainWakePipe() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while Glibc.read(wakeRead, &scratch, scratch.count) > 0 {}
    }
}
