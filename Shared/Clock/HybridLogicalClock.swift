/// A replica's hybrid logical clock.
///
/// A local write takes `max(now, last + 1)`: the wall part follows the physical clock
/// while it moves forward, and the logical part counts writes within one millisecond
/// (or while the physical clock is behind what the replica has already seen).
/// Receiving a change moves `last` to at least its timestamp, so anything written after
/// seeing a change is stamped later than it. See Kulkarni et al., "Logical Physical Clocks" (2014).
public struct HybridLogicalClock: Sendable, Hashable {
    /// The greatest timestamp issued or received so far.
    public private(set) var last: HLCTimestamp

    public init(last: HLCTimestamp = .zero) {
        self.last = last
    }

    /// Stamps a local write at physical time `now` (milliseconds since 1970).
    public mutating func tick(now: Int64) -> HLCTimestamp {
        if now > last.wall {
            last = HLCTimestamp(wall: now, logical: 0)
        } else if last.logical == UInt32.max {
            // The logical part is exhausted: borrow the next millisecond rather than wrap.
            last = HLCTimestamp(wall: last.wall + 1, logical: 0)
        } else {
            last = HLCTimestamp(wall: last.wall, logical: last.logical + 1)
        }
        return last
    }

    /// Takes a received timestamp into account.
    public mutating func receive(_ timestamp: HLCTimestamp) {
        if timestamp > last { last = timestamp }
    }
}
