/// The route a request is counted under: its pattern (`/v1/replicas/{replica}`), never the raw path,
/// so that the number of label values stays bounded whatever clients send; a path no route
/// matches is counted as `other`.
///
/// Matching walks the request path in place, without allocating: it runs on every request.
/// ```swift
/// let routes = RouteLabels(router.routes.map(\.pattern))
/// routes.label(at: routes.index(of: "/v1/replicas/r-1"))   // "/v1/replicas/{replica}"
/// routes.label(at: routes.index(of: "/wp-admin"))          // "other"
/// ```
struct RouteLabels: Sendable {
    /// The label of requests no route matches (and of requests refused before their path was read).
    static let other = "other"

    /// One label per distinct pattern, in the router's order, then ``other``.
    let labels: [String]
    private let patterns: [RoutePattern]

    init(_ patterns: [RoutePattern]) {
        var distinct: [RoutePattern] = []
        for pattern in patterns where !distinct.contains(pattern) { distinct.append(pattern) }
        self.patterns = distinct
        self.labels = distinct.map(Self.label(of:)) + [Self.other]
    }

    /// The index of ``other`` in ``labels``.
    var otherIndex: Int { patterns.count }

    /// The label at `index` (from ``index(of:)``).
    func label(at index: Int) -> String { labels[index] }

    /// The index in ``labels`` of the first pattern that matches the (percent-decoded) `path`.
    func index(of path: String) -> Int {
        guard path.utf8.first == UInt8(ascii: "/") else { return otherIndex }
        for (index, pattern) in patterns.enumerated() where Self.matches(pattern, path) { return index }
        return otherIndex
    }

    /// A pattern as the docs write it: `:replica` becomes `{replica}`, as in docs/openapi.yaml.
    static func label(of pattern: RoutePattern) -> String {
        guard !pattern.segments.isEmpty else { return "/" }
        var label = ""
        for segment in pattern.segments {
            switch segment {
            case .literal(let literal): label += "/" + literal
            case .parameter(let name): label += "/{" + name + "}"
            }
        }
        return label
    }

    /// Segment by segment, empty segments skipped, as ``Router`` splits a path.
    private static func matches(_ pattern: RoutePattern, _ path: String) -> Bool {
        var rest = path.utf8[...]
        var position = 0
        while let segment = nextSegment(&rest) {
            guard position < pattern.segments.count else { return false }
            if case .literal(let literal) = pattern.segments[position], !segment.elementsEqual(literal.utf8) {
                return false
            }
            position += 1
        }
        return position == pattern.segments.count
    }

    private static func nextSegment(_ rest: inout Substring.UTF8View) -> Substring.UTF8View? {
        let slash = UInt8(ascii: "/")
        while rest.first == slash { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        let end = rest.firstIndex(of: slash) ?? rest.endIndex
        defer { rest = rest[end...] }
        return rest[..<end]
    }
}
