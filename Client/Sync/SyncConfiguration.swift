/// The knobs of a sync, with the defaults `gisement sync` uses.
///
/// The batch and page sizes come from measurement (see `docs/sync.md`, "Batch size"): large enough
/// that per-request costs vanish, small enough that a batch interrupted by a network failure
/// costs little to send again and that the server holds one batch's transaction briefly.
public struct SyncConfiguration: Sendable, Hashable {
    /// Changes per `POST /v1/changes`.
    public var pushBatchSize: Int
    /// Changes per page asked of `GET /v1/changes`. Larger than the push batch: a page costs the
    /// server a read, not a write lock, and each page is one fsynced commit on the replica
    /// (1,000 → 5,000 took a pull of 200,000 changes from 38,000–48,000 to 52,000–55,000 changes/s,
    /// docs/benchmarks.md).
    public var pullPageSize: Int
    /// A difference between the server's clock and the local one above this is worth a warning (ms).
    public var clockWarningThreshold: Int64
    /// The longest a single request may take, in seconds.
    public var requestTimeout: Double
    /// The longest a whole sync may take, in seconds; nil for no limit.
    public var overallTimeout: Double?

    public init(
        pushBatchSize: Int = 1000, pullPageSize: Int = 5000, clockWarningThreshold: Int64 = 60_000,
        requestTimeout: Double = 60, overallTimeout: Double? = 3600
    ) {
        precondition(pushBatchSize > 0 && pullPageSize > 0, "batch and page sizes are positive")
        self.pushBatchSize = pushBatchSize
        self.pullPageSize = pullPageSize
        self.clockWarningThreshold = clockWarningThreshold
        self.requestTimeout = requestTimeout
        self.overallTimeout = overallTimeout
    }
}
