extension InMemoryReplica {
    /// The address of one field: kind, record id, field name.
    public struct FieldKey: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var kind: RecordKind
        public var id: RecordID
        public var field: String

        public init(kind: RecordKind, id: RecordID, field: String) {
            self.kind = kind
            self.id = id
            self.field = field
        }

        /// The record this field belongs to.
        public var record: RecordKey { RecordKey(kind: kind, id: id) }

        public var description: String { "\(kind.rawValue)/\(id).\(field)" }

        public static func < (lhs: FieldKey, rhs: FieldKey) -> Bool {
            (lhs.kind, lhs.id, lhs.field) < (rhs.kind, rhs.id, rhs.field)
        }
    }

    /// The address of one record (kept as a nested name for the tests that use it).
    public typealias RecordKey = GisementShared.RecordKey

    /// A merge the replica logged: a conflict (concurrent writes of different values) or an anomaly.
    public struct LogEntry: Hashable, Sendable {
        public var field: FieldKey
        public var winner: FieldVersion
        public var loser: FieldVersion
        /// True for clocks that disagree with the HLC order, false for a conflict.
        public var isAnomaly: Bool

        public init(field: FieldKey, winner: FieldVersion, loser: FieldVersion, isAnomaly: Bool) {
            self.field = field
            self.winner = winner
            self.loser = loser
            self.isAnomaly = isAnomaly
        }
    }

    /// What ``InMemoryReplica/receive(_:)`` did with one change.
    public struct ReceivedOutcome: Hashable, Sendable {
        public var change: Change
        /// `.duplicate` when the dot had been seen before (the change was not merged again).
        public var decision: MergeDecision

        public init(change: Change, decision: MergeDecision) {
            self.change = change
            self.decision = decision
        }

        public var isDuplicate: Bool { decision.action == .duplicate }
    }

    /// A comparable snapshot of a replica's values: the winning value of every field it holds.
    public struct State: Hashable, Sendable, CustomStringConvertible {
        public var values: [FieldKey: FieldValue]

        public init(values: [FieldKey: FieldValue] = [:]) {
            self.values = values
        }

        /// The fields whose values differ, one line each, for failure messages.
        public func differences(from other: State) -> [String] {
            let keys = Set(values.keys).union(other.values.keys).sorted()
            return keys.compactMap { key in
                let a = values[key]
                let b = other.values[key]
                if a == b { return nil }
                return "\(key): \(a.map { "\($0)" } ?? "absent") vs \(b.map { "\($0)" } ?? "absent")"
            }
        }

        public var description: String {
            values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " ")
        }
    }
}
