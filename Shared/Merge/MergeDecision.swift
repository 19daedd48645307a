/// How the losing version of a field relates to the winning one.
public enum LoserRelation: Sendable, Hashable {
    /// The winner's writer had seen the loser (its clock dominates): an ordinary edit.
    case superseded
    /// Neither writer had seen the other's write. `sameValue` says whether both wrote the same value;
    /// only a concurrent write of a *different* value is a conflict.
    case concurrent(sameValue: Bool)
    /// The loser's clock dominates the winner's although the winner has the greater HLC:
    /// a causal successor stamped earlier than its cause. The HLC order still decides.
    case anomaly
}

/// What to do with an incoming field version, and why.
public struct MergeDecision: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// No stored version: store the incoming one.
        case insert
        /// The incoming version wins: store it, the stored one is the loser.
        case replace
        /// The stored version wins: keep it, the incoming one is the loser.
        case keep
        /// The incoming version is the stored one (same dot): nothing to do.
        case duplicate
    }

    public var action: Action
    /// How the loser relates to the winner; nil for `insert` and `duplicate`.
    public var relation: LoserRelation?

    public init(action: Action, relation: LoserRelation? = nil) {
        self.action = action
        self.relation = relation
    }

    /// Whether the stored version changes.
    public var replacesStored: Bool { action == .insert || action == .replace }

    /// A concurrent write of a different value: goes to the merge log with both sides.
    public var isConflict: Bool { relation == .concurrent(sameValue: false) }

    /// Clocks that disagree with the HLC order: logged as an anomaly.
    public var isAnomaly: Bool { relation == .anomaly }

    /// Whether the merge log records this decision.
    public var isLogged: Bool { isConflict || isAnomaly }
}
