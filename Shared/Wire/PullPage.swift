/// One page of the server's change feed, the answer to `GET /v1/changes`:
/// `{"changes": [...], "cursor": N, "more": bool}`.
///
/// `cursor` is the feed position to ask from next (`since=cursor`); `more` says whether the
/// server holds more changes after this page.
public struct PullPage: Hashable, Sendable {
    /// The most changes a page may ask for (`limit`): the server refuses more, and the client's
    /// `--page-size` stops there.
    public static let maxLimit = 10_000

    public var changes: [Change]
    public var cursor: Int64
    public var more: Bool

    public init(changes: [Change], cursor: Int64, more: Bool) {
        self.changes = changes
        self.cursor = cursor
        self.more = more
    }

    /// The page as compact JSON.
    public func encoded() -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + changes.count * 210)
        writer.raw("{\"changes\":")
        ChangeCodec.write(changes, into: &writer)
        writer.raw(",\"cursor\":")
        writer.integer(cursor)
        writer.raw(",\"more\":")
        writer.raw(more ? "true" : "false")
        writer.raw("}")
        return writer.bytes
    }

    /// Reads a page; keys in any order, unknown keys skipped.
    ///
    /// - Throws: ``WireError``.
    public static func decode(_ bytes: [UInt8], limits: JSONParser.Limits = JSONParser.Limits()) throws(WireError)
        -> PullPage
    {
        try ChangeDecoder.run(bytes, limits: limits, decode(with:))
    }

    /// Reads a page held in raw memory.
    public static func decode(_ buffer: UnsafeRawBufferPointer, limits: JSONParser.Limits = JSONParser.Limits())
        throws(WireError) -> PullPage
    {
        try ChangeDecoder.run(buffer, limits: limits, decode(with:))
    }

    private static func decode(with decoder: inout ChangeDecoder) throws -> PullPage {
        var changes: [Change]?
        var cursor: Int64?
        var more: Bool?
        try decoder.decodeObject(what: "The page") { decoder, name in
            switch name {
            case "changes": changes = try decoder.decodeChangeArray()
            case "cursor": cursor = try decoder.bodyInteger(name)
            case "more": more = try decoder.bodyBool(name)
            default: return false
            }
            return true
        }
        guard let changes else { throw decoder.bodyError("changes", "The page has no \"changes\".") }
        guard let cursor else { throw decoder.bodyError("cursor", "The page has no \"cursor\".") }
        guard let more else { throw decoder.bodyError("more", "The page has no \"more\".") }
        return PullPage(changes: changes, cursor: cursor, more: more)
    }
}
