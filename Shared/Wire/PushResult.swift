/// The answer to `POST /v1/changes`:
/// `{"accepted": n, "duplicates": n, "conflicts": n, "cursor": seq, "server_time": "..."}`.
///
/// `accepted` counts changes stored (winners or logged losers), `duplicates` those the server
/// already held (same dot), `conflicts` the concurrent writes of different values it logged;
/// `cursor` is the feed position after the push; `server_time` the server's clock as ISO 8601.
public struct PushResult: Hashable, Sendable {
    public var accepted: Int
    public var duplicates: Int
    public var conflicts: Int
    public var cursor: Int64
    public var serverTime: String

    public init(accepted: Int, duplicates: Int, conflicts: Int, cursor: Int64, serverTime: String) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.conflicts = conflicts
        self.cursor = cursor
        self.serverTime = serverTime
    }

    /// The result as compact JSON, keys in the contract's order.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        writer.raw("{\"accepted\":")
        writer.integer(Int64(accepted))
        writer.raw(",\"duplicates\":")
        writer.integer(Int64(duplicates))
        writer.raw(",\"conflicts\":")
        writer.integer(Int64(conflicts))
        writer.raw(",\"cursor\":")
        writer.integer(cursor)
        writer.raw(",\"server_time\":")
        writer.string(serverTime)
        writer.raw("}")
        return writer.bytes
    }

    /// Reads a push result; keys in any order, unknown keys skipped.
    ///
    /// - Throws: ``WireError`` naming the missing or wrong field.
    public static func decode(_ bytes: [UInt8], limits: JSONParser.Limits = JSONParser.Limits()) throws(WireError)
        -> PushResult
    {
        try ChangeDecoder.run(bytes, limits: limits) { decoder throws -> PushResult in
            var numbers: [String: Int64] = [:]
            var serverTime: String?
            try decoder.decodeObject(what: "The push result") { decoder, name in
                switch name {
                case "accepted", "duplicates", "conflicts", "cursor": numbers[name] = try decoder.bodyInteger(name)
                case "server_time": serverTime = try decoder.bodyString(name)
                default: return false
                }
                return true
            }
            for name in ["accepted", "duplicates", "conflicts", "cursor"] where numbers[name] == nil {
                throw decoder.bodyError(name, "The push result has no \"\(name)\".")
            }
            guard let serverTime else {
                throw decoder.bodyError("server_time", "The push result has no \"server_time\".")
            }
            func int(_ name: String) throws -> Int {
                guard let value = Int(exactly: numbers[name]!) else {
                    throw decoder.bodyError(name, "\(name) is out of range.")
                }
                return value
            }
            return PushResult(
                accepted: try int("accepted"), duplicates: try int("duplicates"), conflicts: try int("conflicts"),
                cursor: numbers["cursor"]!, serverTime: serverTime)
        }
    }
}
