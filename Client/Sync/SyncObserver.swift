import GisementShared

/// Hears what a sync is doing while it runs: progress for a terminal, notices for the user.
///
/// The command line's observer rewrites one progress line on a terminal and prints notices
/// (clock warnings, a new replica id, a refused change) on standard error; tests record them.
public protocol SyncObserver: AnyObject {
    /// The sync moved on: called after each pushed batch and each pulled page.
    func syncDidProgress(_ progress: SyncProgress)
    /// Something the user should read now, one or two sentences.
    func syncNotice(_ message: String)
}

/// How far a sync has come.
public struct SyncProgress: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case connecting
        case pushing
        case pulling
        case done
    }

    public var phase: Phase
    /// Changes pushed and acknowledged so far.
    public var pushed: Int
    /// Changes that were waiting when the push began.
    public var toPush: Int
    /// Changes pulled so far.
    public var pulled: Int

    public init(phase: Phase, pushed: Int = 0, toPush: Int = 0, pulled: Int = 0) {
        self.phase = phase
        self.pushed = pushed
        self.toPush = toPush
        self.pulled = pulled
    }

    /// `pushed 1200 / 5000, pulled 0`.
    public var line: String {
        localized("progress.line", ["pushed": String(pushed), "toPush": String(toPush), "pulled": String(pulled)])
    }
}

/// An observer that ignores everything.
public final class SilentSyncObserver: SyncObserver {
    public init() {}
    public func syncDidProgress(_ progress: SyncProgress) {}
    public func syncNotice(_ message: String) {}
}
