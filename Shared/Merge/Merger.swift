/// The merge of one field: per-field last-writer-wins with vector clocks.
///
/// A pure function, values in, decision out. The winner is the version with the greater
/// `(hlc, replica)` (``FieldVersion/wins(over:)``): a total order, so the merge is commutative,
/// associative and idempotent. The vector clocks only explain the loss (``LoserRelation``).
/// Storage loads the stored version, calls ``decide(stored:incoming:)`` and writes the winner.
public enum Merger {
    /// Decides between the stored version of a field (nil when there is none) and an incoming one.
    public static func decide(stored: FieldVersion?, incoming: FieldVersion) -> MergeDecision {
        guard let stored else { return MergeDecision(action: .insert) }
        if stored.dot == incoming.dot {
            if stored.isSameWrite(as: incoming) { return MergeDecision(action: .duplicate) }
            // One dot, two contents: a replica file copied to a second machine, or a forged relay.
            // Ordered like any two versions so that every store keeps the same one, and logged.
            return MergeDecision(
                action: incoming.wins(over: stored) ? .replace : .keep,
                relation: .concurrent(sameValue: stored.value == incoming.value))
        }
        if incoming.wins(over: stored) {
            return MergeDecision(action: .replace, relation: relation(loser: stored, winner: incoming))
        }
        return MergeDecision(action: .keep, relation: relation(loser: incoming, winner: stored))
    }

    /// Classifies why `loser` lost to `winner`.
    public static func relation(loser: FieldVersion, winner: FieldVersion) -> LoserRelation {
        // The winner's writer had seen the loser's write: an ordinary edit.
        if winner.clock.contains(loser.dot) && winner.clock.dominates(loser.clock) { return .superseded }
        // The loser's writer had seen the winner's write, yet stamped it earlier: an anomaly.
        if loser.clock.contains(winner.dot) && loser.clock.dominates(winner.clock) { return .anomaly }
        return .concurrent(sameValue: loser.value == winner.value)
    }
}
