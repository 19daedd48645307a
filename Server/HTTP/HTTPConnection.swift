#if canImport(Glibc)
import Glibc
#endif

/// The state of one client connection, owned by the event loop thread and touched by nothing else.
///
/// A connection is `reading` (parsing the next request), `screening` (a request head waits for the
/// ``RequestScreen``'s verdict; nothing is read meanwhile, so a refused body is never received),
/// `handling` (one request is with the
/// handler; nothing more is parsed, which keeps responses in request order), `writing` (a response
/// is going out) or `lingering` (the final response is sent and the write side shut: unread input
/// is drained briefly so the kernel does not reset the connection before the client has read it).
final class HTTPConnection {
    enum State: Equatable {
        case reading
        case screening
        case handling
        case writing
        case lingering
    }

    let id: UInt64
    let socket: Socket
    let remoteAddress: String
    let acceptedAt: UInt64
    var parser: HTTPParser
    var state = State.reading
    /// The parser phase the deadline was last set for.
    var trackedPhase = HTTPParser.Phase.idle
    /// Monotonic nanoseconds after which the connection times out (`.max`: none).
    var deadline: UInt64
    /// The last time bytes moved, to pick the oldest idle connection when the bound is reached.
    var lastActivity: UInt64
    /// When the current request's first byte arrived, for the log's duration.
    var requestStartedAt: UInt64
    var output: [UInt8] = []
    var outputOffset = 0
    var closesAfterWrite = false
    var sentContinue = false
    var servedRequests = 0
    var lingeringBytes = 0
    var interest = PollSet.Interest.readable
    /// Admitted into a slot reserved for health and authenticated clients: each request must be
    /// screened as such, and the connection closes after one response.
    var isReserved = false
    /// The current request was screened (and its body, if any, admitted under the memory budget).
    var isScreened = false
    /// A complete request held while its screen runs (reserved connections only).
    var heldRequest: HTTPRequest?
    /// Body bytes reserved in the server's ``BodyMemoryBudget`` for the request being received.
    var reservedBodyBytes = 0
    /// Body bytes received at the start of the current rate window.
    var bodyMark = 0

    init(id: UInt64, socket: Socket, remoteAddress: String, limits: HTTPLimits, now: UInt64, headerDeadline: UInt64) {
        self.id = id
        self.socket = socket
        self.remoteAddress = remoteAddress
        self.acceptedAt = now
        self.parser = HTTPParser(limits: limits)
        self.deadline = headerDeadline
        self.lastActivity = now
        self.requestStartedAt = now
    }

    /// Whether the connection waits for a next request with nothing received, nothing to write and
    /// nothing in flight: the kind the connection bound may close to make room.
    var isIdle: Bool { state == .reading && parser.phase == .idle && output.count == outputOffset }

    /// Whether output is waiting for the socket to accept it.
    var hasPendingOutput: Bool { outputOffset < output.count }

    /// What the loop should watch for, given the state.
    var wantedInterest: PollSet.Interest {
        switch state {
        case .reading: hasPendingOutput ? [.readable, .writable] : .readable
        case .handling, .screening: hasPendingOutput ? .writable : .none
        case .writing: .writable
        case .lingering: .readable
        }
    }
}

/// Monotonic time in nanoseconds, for deadlines that wall-clock changes must not move.
public enum MonotonicClock {
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    public static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
