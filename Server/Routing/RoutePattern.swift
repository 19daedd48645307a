/// A path pattern such as `/v1/records/:kind/:id`: literal segments and `:name` parameters.
///
/// Matching compares segment by segment after percent-decoding each segment of the request path,
/// so `/v1/records/test/a%2Fb` gives `id = "a/b"` and never matches a pattern with more segments.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    /// One segment of a pattern.
    public enum Segment: Sendable, Hashable {
        /// Must equal the request's segment exactly (case-sensitive).
        case literal(String)
        /// Matches any one non-empty segment and binds it to the name.
        case parameter(String)
    }

    /// The segments, without the leading empty one.
    public let segments: [Segment]
    /// The pattern as written.
    public let description: String

    /// Parses a pattern; `/` alone is the root.
    ///
    /// A pattern is code, not input: a pattern without a leading `/` or with an empty `:` name is a
    /// programmer error and traps.
    public init(_ pattern: String) {
        precondition(pattern.hasPrefix("/"), "route pattern must start with '/': \(pattern)")
        description = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix(":") {
                let name = String(part.dropFirst())
                precondition(!name.isEmpty, "route parameter without a name in \(pattern)")
                return .parameter(name)
            }
            return .literal(String(part))
        }
    }

    /// The bound parameters if `pathSegments` (already percent-decoded) match, else nil.
    public func match(_ pathSegments: [String]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let literal):
                if literal != value { return nil }
            case .parameter(let name):
                if value.isEmpty { return nil }
                parameters[name] = value
            }
        }
        return parameters
    }
}
