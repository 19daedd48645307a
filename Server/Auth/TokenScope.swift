/// The scope of the token behind a request: its name (a scope also holds the partners the token
/// created) and its district and test keys (``ScopeKey``). A token without one sees everything.
public struct TokenScope: Sendable, Hashable {
    public var token: String
    public var keys: Set<String>

    public init(token: String, keys: Set<String>) {
        self.token = token
        self.keys = keys
    }
}
