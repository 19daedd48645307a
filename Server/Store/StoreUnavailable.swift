/// The store's database cannot be reached now (a PostgreSQL server restarting, a network cut):
/// routes answer 503 `unavailable` and the request may be sent again; nothing of it was stored.
public struct StoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// What the engine said, for the server's log (never sent to clients).
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { "the database is unavailable: \(reason)" }
}
