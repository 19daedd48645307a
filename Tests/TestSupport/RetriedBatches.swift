import GisementShared

/// One replica's push batches as the real client makes them: in counter order, and a batch that
/// failed is sent again (never skipped) before any new one.
public struct RetriedBatches {
    private var maker: ChangeMaker
    /// The batch handed out last while it is not acknowledged.
    public private(set) var unacknowledged: [Change]?
    private var made = 0

    public var replica: ReplicaID { maker.replica }

    public init(replica: ReplicaID, startingAt now: Int64) {
        maker = ChangeMaker(replica: replica, startingAt: now)
    }

    /// The failed batch again, or a new batch of `count` districts.
    public mutating func next(_ count: Int) -> [Change] {
        if let unacknowledged { return unacknowledged }
        made += 1
        let batch = maker.districts(count, prefix: "b\(made)")
        unacknowledged = batch
        return batch
    }

    /// The server acknowledged the batch ``next(_:)`` handed out: the next one is new.
    public mutating func acknowledge() { unacknowledged = nil }
}
