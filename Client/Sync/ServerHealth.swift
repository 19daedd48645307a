import GisementShared

/// The answer to `GET /v1/health`: `{"status":"ok","version":…,"server_time":…}`.
///
/// `server_time` is ISO 8601 (`2026-11-21T10:15:30.123Z`); milliseconds since 1970 as a number are
/// accepted too. A server may also say how far ahead of its clock it accepts changes
/// (`max_skew_ms`); the contract's default, 10 minutes, applies otherwise.
public struct ServerHealth: Sendable, Hashable {
    public var status: String
    public var version: String?
    /// The server's clock when it answered, in milliseconds since 1970.
    public var serverTime: Int64?
    /// How far ahead of the server's clock a change may be stamped, in milliseconds.
    public var maxSkew: Int64
    /// The schema version the server holds; 1 for a server that does not say (older than versions).
    public var schemaVersion = SchemaVersion.unannounced

    /// The contract's default allowed skew: 10 minutes.
    public static let defaultMaxSkew: Int64 = 10 * 60 * 1000

    public init(status: String, version: String? = nil, serverTime: Int64? = nil, maxSkew: Int64 = defaultMaxSkew) {
        self.status = status
        self.version = version
        self.serverTime = serverTime
        self.maxSkew = maxSkew
    }

    /// Reads a health answer.
    /// - Throws: ``SyncError`` `.protocolError` when it is not one.
    static func decode(_ bytes: [UInt8], server: String) throws(SyncError) -> ServerHealth {
        guard let value = try? JSONParser.parse(bytes), let status = value["status"]?.stringValue else {
            throw SyncError(
                .protocolError,
                localized("sync.notGisement", ["server": server]))
        }
        var health = ServerHealth(status: status)
        switch value["version"] {
        case .string(let s): health.version = s
        case .integer(let i): health.version = String(i)
        default: break
        }
        if let text = value["server_time"]?.stringValue {
            health.serverTime = ServerHealth.milliseconds(iso8601: text)
        } else if let number = value["server_time"]?.integerValue {
            health.serverTime = number
        }
        if let schema = value["schema_version"]?.integerValue, schema >= 1 {
            health.schemaVersion = Int(clamping: schema)
        }
        for key in ["max_skew_ms", "max_clock_skew_ms"] {
            if let skew = value[key]?.integerValue, skew > 0 { health.maxSkew = skew }
        }
        return health
    }

    /// Milliseconds since 1970 of an ISO 8601 date-time with zone, keeping up to 3 fraction digits.
    public static func milliseconds(iso8601 text: String) -> Int64? {
        guard let parsed = ZonedDateTime(text) else { return nil }
        var millis = parsed.epochSeconds * 1000
        let bytes = Array(text.utf8)
        if bytes.count > 20, bytes[19] == UInt8(ascii: ".") || bytes[19] == UInt8(ascii: ",") {
            var scale: Int64 = 100
            var i = 20
            while i < bytes.count, scale > 0, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                millis += Int64(bytes[i] - UInt8(ascii: "0")) * scale
                scale /= 10
                i += 1
            }
        }
        return millis
    }
}
