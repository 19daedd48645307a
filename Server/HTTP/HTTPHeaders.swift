/// The name of a header field; compared case-insensitively (RFC 9110 §5.1).
public struct HTTPHeaderName: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    private let folded: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
        self.folded = rawValue.lowercased()
    }

    public init(stringLiteral value: String) { self.init(value) }

    public static func == (lhs: HTTPHeaderName, rhs: HTTPHeaderName) -> Bool { lhs.folded == rhs.folded }
    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }
    public var description: String { rawValue }

    public static let host: HTTPHeaderName = "Host"
    public static let contentLength: HTTPHeaderName = "Content-Length"
    public static let contentType: HTTPHeaderName = "Content-Type"
    public static let contentEncoding: HTTPHeaderName = "Content-Encoding"
    public static let acceptEncoding: HTTPHeaderName = "Accept-Encoding"
    public static let transferEncoding: HTTPHeaderName = "Transfer-Encoding"
    public static let connection: HTTPHeaderName = "Connection"
    public static let authorization: HTTPHeaderName = "Authorization"
    public static let allow: HTTPHeaderName = "Allow"
    public static let retryAfter: HTTPHeaderName = "Retry-After"
    public static let date: HTTPHeaderName = "Date"
    public static let server: HTTPHeaderName = "Server"
    public static let vary: HTTPHeaderName = "Vary"
    public static let cacheControl: HTTPHeaderName = "Cache-Control"
    public static let expect: HTTPHeaderName = "Expect"
    public static let requestID: HTTPHeaderName = "X-Request-ID"
    /// The schema version a client holds (docs/protocol.md, "Schema version").
    public static let gisementSchema: HTTPHeaderName = "Gisement-Schema"
    public static let wwwAuthenticate: HTTPHeaderName = "WWW-Authenticate"
}

/// Header fields in the order received, multi-valued: a repeated field is kept, never dropped.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: HTTPHeaderName, value: String)] = []

    public init() {}

    public init(dictionaryLiteral elements: (HTTPHeaderName, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    /// The first value of `name`; setting replaces every value of `name` with one.
    public subscript(name: HTTPHeaderName) -> String? {
        get { fields.first { $0.name == name }?.value }
        set {
            fields.removeAll { $0.name == name }
            if let newValue { fields.append((name, newValue)) }
        }
    }

    /// Every value of `name`, in order.
    public func values(_ name: HTTPHeaderName) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    public mutating func add(_ name: HTTPHeaderName, _ value: String) {
        fields.append((name, value))
    }

    public func contains(_ name: HTTPHeaderName) -> Bool { fields.contains { $0.name == name } }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: HTTPHeaderName, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}
