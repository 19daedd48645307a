import GisementHTTP

/// The route a request is counted under: its pattern (`/v1/replicas/{replica}`), never the raw path,
/// so that the number of label values stays bounded whatever clients send; a path no route
/// matches is counted as `other`.
///
/// Matching walks the request path's bytes in place, without allocating: it runs on every request.
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
    /// The patterns as byte strings, for matching in place.
    private let shapes: [[Part]]

    private enum Part: Sendable {
        case literal([UInt8])
        case parameter
    }

    init(_ patterns: [RoutePattern]) {
        var distinct: [RoutePattern] = []
        for pattern in patterns where !distinct.contains(pattern) { distinct.append(pattern) }
        self.shapes = distinct.map { pattern in
            pattern.segments.map { segment in
                switch segment {
                case .literal(let literal): .literal(Array(literal.utf8))
                case .parameter: .parameter
                }
            }
        }
        self.labels = distinct.map(Self.label(of:)) + [Self.other]
    }

    /// The index of ``other`` in ``labels``.
    var otherIndex: Int { shapes.count }

    /// The label at `index` (from ``index(of:)``).
    func label(at index: Int) -> String { labels[index] }

    /// The index in ``labels`` of the first pattern that matches the (percent-decoded) `path`.
    func index(of path: String) -> Int {
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.first == Self.slash else { return otherIndex }
            for (index, shape) in shapes.enumerated() where Self.matches(shape, bytes) { return index }
            return otherIndex
        }
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

    private static let slash = UInt8(ascii: "/")

    /// Segment by segment, empty segments skipped, as ``Router`` splits a path.
    private static func matches(_ shape: [Part], _ path: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var part = 0
        while true {
            while start < path.count, path[start] == slash { start += 1 }
            if start == path.count { return part == shape.count }
            var end = start
            while end < path.count, path[end] != slash { end += 1 }
            guard part < shape.count else { return false }
            if case .literal(let literal) = shape[part] {
                guard literal.count == end - start else { return false }
                for offset in 0..<literal.count where literal[offset] != path[start + offset] { return false }
            }
            part += 1
            start = end
        }
    }
}
