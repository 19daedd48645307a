/// How two vector clocks relate.
public enum ClockOrder: Sendable, Hashable {
    /// Every entry of the left is ≤ the right, and they differ: the left happened before.
    case before
    /// The right happened before the left.
    case after
    case equal
    /// Neither dominates: the writes were concurrent.
    case concurrent
}

/// A record's vector clock: for each replica, the highest counter of its writes to the
/// record that the writer had seen. Missing entries are 0.
public struct VectorClock: Hashable, Sendable, CustomStringConvertible {
    /// Entries with a counter above 0, kept sorted by replica id so that encoding is deterministic.
    public private(set) var entries: [(replica: ReplicaID, counter: UInt64)]

    public init() { entries = [] }

    public init(_ dictionary: [ReplicaID: UInt64]) {
        entries = dictionary.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Builds a clock from entries already sorted by replica id without repeats (the decoder's path).
    /// Falls back to sorting when they are not.
    public init(sortedEntries: [(replica: ReplicaID, counter: UInt64)]) {
        var isSorted = true
        var previous: ReplicaID? = nil
        for entry in sortedEntries {
            if let p = previous, !(p < entry.replica) { isSorted = false; break }
            previous = entry.replica
        }
        if isSorted {
            self.init()
            entries = sortedEntries.contains { $0.counter == 0 } ? sortedEntries.filter { $0.counter > 0 } : sortedEntries
        } else {
            var dict: [ReplicaID: UInt64] = [:]
            for e in sortedEntries { dict[e.replica] = max(dict[e.replica] ?? 0, e.counter) }
            self.init(dict)
        }
    }

    /// The counter of `replica` (0 when absent).
    public subscript(replica: ReplicaID) -> UInt64 {
        get {
            var lo = 0
            var hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                let r = entries[mid].replica
                if r == replica { return entries[mid].counter }
                if r < replica { lo = mid + 1 } else { hi = mid }
            }
            return 0
        }
        set {
            var lo = 0
            var hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].replica < replica { lo = mid + 1 } else { hi = mid }
            }
            if lo < entries.count, entries[lo].replica == replica {
                if newValue == 0 { entries.remove(at: lo) } else { entries[lo].counter = newValue }
            } else if newValue > 0 {
                entries.insert((replica, newValue), at: lo)
            }
        }
    }

    /// Whether the clock has seen `dot`.
    public func contains(_ dot: Dot) -> Bool { self[dot.replica] >= dot.counter }

    /// Compares two clocks entry by entry.
    public func compare(_ other: VectorClock) -> ClockOrder {
        var lessOrEqual = true  // self ≤ other
        var greaterOrEqual = true  // self ≥ other
        var i = 0
        var j = 0
        let a = entries
        let b = other.entries
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a[i].replica < b[j].replica) {
                lessOrEqual = false  // self has an entry other lacks
                i += 1
            } else if i >= a.count || b[j].replica < a[i].replica {
                greaterOrEqual = false
                j += 1
            } else {
                if a[i].counter < b[j].counter { greaterOrEqual = false }
                if a[i].counter > b[j].counter { lessOrEqual = false }
                i += 1
                j += 1
            }
            if !lessOrEqual && !greaterOrEqual { return .concurrent }
        }
        switch (lessOrEqual, greaterOrEqual) {
        case (true, true): return .equal
        case (true, false): return .before
        case (false, true): return .after
        case (false, false): return .concurrent
        }
    }

    /// Whether every entry of `other` is ≤ the same entry here.
    public func dominates(_ other: VectorClock) -> Bool {
        let order = compare(other)
        return order == .after || order == .equal
    }

    /// The entry-wise maximum of both clocks.
    public func merged(with other: VectorClock) -> VectorClock {
        var result: [(replica: ReplicaID, counter: UInt64)] = []
        result.reserveCapacity(max(entries.count, other.entries.count))
        var i = 0
        var j = 0
        let a = entries
        let b = other.entries
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a[i].replica < b[j].replica) {
                result.append(a[i]); i += 1
            } else if i >= a.count || b[j].replica < a[i].replica {
                result.append(b[j]); j += 1
            } else {
                result.append((a[i].replica, max(a[i].counter, b[j].counter))); i += 1; j += 1
            }
        }
        var clock = VectorClock()
        clock.entries = result
        return clock
    }

    public mutating func merge(_ other: VectorClock) { self = merged(with: other) }

    /// Records `dot` in the clock (its counter becomes at least the dot's).
    public mutating func include(_ dot: Dot) {
        if self[dot.replica] < dot.counter { self[dot.replica] = dot.counter }
    }

    /// Forgets what the clock says of `replica` beyond `counter` (nothing of it for 0): the dots of
    /// an id a replica left, which a copy of its file may go on issuing as its own.
    public mutating func limit(_ replica: ReplicaID, to counter: UInt64) {
        if self[replica] > counter { self[replica] = counter }
    }

    /// The clock as a dictionary.
    public var dictionary: [ReplicaID: UInt64] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.replica, $0.counter) })
    }

    public var isEmpty: Bool { entries.isEmpty }

    public var description: String {
        "{" + entries.map { "\($0.replica): \($0.counter)" }.joined(separator: ", ") + "}"
    }

    public static func == (lhs: VectorClock, rhs: VectorClock) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.replica == $1.replica && $0.counter == $1.counter }
    }

    public func hash(into hasher: inout Hasher) {
        for e in entries {
            hasher.combine(e.replica)
            hasher.combine(e.counter)
        }
    }
}
