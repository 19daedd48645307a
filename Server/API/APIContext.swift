import GisementShared

/// What every route handler needs: the store, the clock, the logger and the push rules.
public struct APIContext: Sendable {
    public var store: any ServerStoring
    public var clock: ServerClock
    public var logger: Logger
    /// How far ahead of the server clock a change's HLC may be, in milliseconds (default 10 minutes).
    public var maxSkewMilliseconds: Int64
    /// The server's version, as `/v1/health` reports it.
    public var version: String
    /// Where sync endpoints count the changes they push and pull; nil counts nothing.
    public var metrics: ServerMetrics?

    public init(
        store: any ServerStoring, clock: ServerClock = .system, logger: Logger = .disabled,
        maxSkewMilliseconds: Int64 = 600_000, version: String = ServerVersion.current
    ) {
        self.store = store
        self.clock = clock
        self.logger = logger
        self.maxSkewMilliseconds = maxSkewMilliseconds
        self.version = version
    }
}

/// The token a request was authenticated with.
public struct Caller: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// The token's district and test keys; nil when it sees the whole network.
    public var scope: Set<String>?

    public init(name: String, role: Role, scope: Set<String>? = nil) {
        self.name = name
        self.role = role
        self.scope = scope
    }

    /// The scope reads and writes are limited to, nil for the whole network.
    public var tokenScope: TokenScope? { scope.map { TokenScope(token: name, keys: $0) } }
}

/// What a sync request did, for its session log row; filled in by the handler as it goes.
public struct SyncCounts: Sendable, Hashable {
    public var replica: ReplicaID?
    public var pushed = 0
    public var accepted = 0
    public var duplicates = 0
    public var conflicts = 0
    public var pulled = 0

    public init() {}
}

/// The routes that write a session log row.
public enum SyncRoute: String, Sendable {
    case push
    case pull
    case replica
}
