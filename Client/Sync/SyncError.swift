import GisementShared

/// Why a sync stopped: the one error type of the sync layer.
///
/// Each case carries what the user needs to act on it, and maps to the contract's exit status
/// (``exitCode``): the command line prints ``description`` as one sentence on standard error.
/// Nothing a sync does is lost when it stops: acknowledged batches are out of the outbox,
/// pulled pages are applied with their cursor, and everything else waits for the next sync.
public struct SyncError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// The server could not be reached (connection refused, DNS, timeout) after every retry.
        case unreachable
        /// The server refused the token (401 or 403).
        case refused
        /// The local clock is ahead of the server's by more than the server accepts.
        case clockAhead
        /// No server is configured: neither `--server` nor a remembered one.
        case notConfigured
        /// The server answered something this client cannot read, or an error it did not expect.
        case protocolError
        /// The server failed (5xx) after every retry.
        case serverFailure
        /// The overall time limit of the sync ran out.
        case timedOut
        /// The local replica could not be read or written.
        case replicaFailure
        /// The local replica is damaged: it holds what cannot be read back (``ReplicaError`` `.damaged`).
        case replicaDamaged
    }

    public var code: Code
    /// One sentence for people, saying what to do.
    public var message: String
    /// The API error the server answered with, when there was one.
    public var apiError: APIErrorBody?
    /// The HTTP status of the answer that stopped the sync, when there was one.
    public var status: Int?

    public init(_ code: Code, _ message: String, apiError: APIErrorBody? = nil, status: Int? = nil) {
        self.code = code
        self.message = message
        self.apiError = apiError
        self.status = status
    }

    /// The exit status the contract gives this failure: 69 unreachable, 77 refused,
    /// 65 clock ahead (the data cannot be accepted as stamped) or a damaged replica (as for every
    /// command), 64 not configured, 1 otherwise.
    public var exitCode: Int32 {
        switch code {
        case .unreachable: return 69
        case .refused: return 77
        case .clockAhead, .replicaDamaged: return 65
        case .notConfigured: return 64
        case .protocolError, .serverFailure, .timedOut, .replicaFailure: return 1
        }
    }

    /// The failure of the local replica during a sync or a verify: a damaged file said as every
    /// command says it, anything else with the sentence `id` (its `{reason}` the error).
    static func replica(_ error: any Error, _ id: String) -> SyncError {
        if let error = error as? ReplicaError, error.code == .damaged {
            let reason = error.detail?.text() ?? error.message
            return SyncError(.replicaDamaged, localized("replica.damaged", ["path": error.path ?? "?", "reason": reason]))
        }
        return SyncError(.replicaFailure, localized(id, ["reason": "\(error)"]))
    }

    /// Whether the sync stopped for want of the server, so that what waits is worth telling.
    public var isInterruption: Bool { code == .unreachable || code == .timedOut || code == .serverFailure }

    public var description: String { message }
}
