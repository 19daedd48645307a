/// The body of `POST /v1/changes`: `{"replica": "...", "changes": [...]}`.
///
/// `replica` is the pushing replica; every change in `changes` is checked by the server with
/// ``Change/validated()`` before any is applied.
public struct PushBody: Hashable, Sendable {
    public var replica: ReplicaID
    public var changes: [Change]

    public init(replica: ReplicaID, changes: [Change]) {
        self.replica = replica
        self.changes = changes
    }

    /// The body as compact JSON, `replica` first.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + changes.count * 200)
        writer.raw("{\"replica\":")
        writer.string(replica)
        writer.raw(",\"changes\":")
        ChangeCodec.write(changes, into: &writer)
        writer.raw("}")
        return writer.bytes
    }

    /// Reads a push body; keys in any order, unknown keys skipped.
    ///
    /// - Throws: ``WireError``, with the index and field of the first malformed change.
    public static func decode(_ bytes: [UInt8], limits: JSONParser.Limits = JSONParser.Limits()) throws(WireError)
        -> PushBody
    {
        try ChangeDecoder.run(bytes, limits: limits, decode(with:))
    }

    /// Reads a push body held in raw memory (for example `Data.withUnsafeBytes`).
    public static func decode(_ buffer: UnsafeRawBufferPointer, limits: JSONParser.Limits = JSONParser.Limits())
        throws(WireError) -> PushBody
    {
        try ChangeDecoder.run(buffer, limits: limits, decode(with:))
    }

    private static func decode(with decoder: inout ChangeDecoder) throws -> PushBody {
        var replica: ReplicaID?
        var changes: [Change]?
        try decoder.decodeObject(what: "The push body") { decoder, name in
            switch name {
            case "replica": replica = try decoder.bodyString(name)
            case "changes": changes = try decoder.decodeChangeArray()
            default: return false
            }
            return true
        }
        guard let replica else { throw decoder.bodyError("replica", "The push body has no \"replica\".") }
        guard let changes else { throw decoder.bodyError("changes", "The push body has no \"changes\".") }
        return PushBody(replica: replica, changes: changes)
    }
}
