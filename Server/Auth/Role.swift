/// What a token may do. Ordered: `agent` < `coordinator` < `admin`, and a role may do
/// everything a lower one may.
///
/// - `agent`: sync (push, pull, replica lookup).
/// - `coordinator`: sync, read records and reports.
/// - `admin`: all, including the merge log and the session log.
public enum Role: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case agent
    case coordinator
    case admin

    private var rank: Int {
        switch self {
        case .agent: return 0
        case .coordinator: return 1
        case .admin: return 2
        }
    }

    /// Whether this role may use a route that requires `required`.
    public func allows(_ required: Role) -> Bool { rank >= required.rank }

    public var description: String { rawValue }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
