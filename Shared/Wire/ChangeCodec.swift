/// The wire form of changes: the hot path of every sync, in both directions.
///
/// Encoding writes the contract's exact JSON, compact, keys in the order
/// `kind, id, field, value, hlc, replica, counter, clock` then `seq` when present:
/// ```json
/// {"kind":"collection","id":"c-7f3a","field":"weight_kg","value":12.5,"hlc":"1763720130123:0",
///  "replica":"r-4f9a","counter":42,"clock":{"r-4f9a":42,"r-77aa":17}}
/// ```
/// `hlc` is the `"wall:logical"` string and `clock` an object sorted by replica id. A decimal
/// value keeps a fraction or exponent (`12.0`, `1e-07`) so that it reads back as a decimal.
///
/// Decoding reads changes straight from the bytes with a dedicated scanner, never building a
/// ``JSONValue`` tree. Keys may come in any order, unknown keys are skipped, a repeated key is
/// refused. A number value is `.integer` when written as an integral literal that fits Int64,
/// `.decimal` otherwise; an array or object value is refused. The codec checks shape only:
/// ids, fields and values are checked against the schema by ``Change/validated()``. The one
/// exception is `kind`, which must name a ``RecordKind``.
public enum ChangeCodec {
    /// Encodes a list of changes as a JSON array.
    public static func encode(_ changes: [Change]) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + changes.count * 200)
        write(changes, into: &writer)
        return writer.bytes
    }

    /// Encodes one change as a JSON object.
    public static func encode(_ change: Change) -> [UInt8] {
        var writer = JSONWriter(capacity: 200)
        write(change, into: &writer)
        return writer.bytes
    }

    /// Appends a list of changes as a JSON array (used by the body types).
    public static func write(_ changes: [Change], into writer: inout JSONWriter) {
        writer.raw("[")
        var first = true
        for change in changes {
            if !first { writer.raw(",") }
            first = false
            write(change, into: &writer)
        }
        writer.raw("]")
    }

    /// Appends one change as a JSON object.
    public static func write(_ change: Change, into writer: inout JSONWriter) {
        writer.raw("{\"kind\":\"")
        writer.raw(change.kind.rawValue)
        writer.raw("\",\"id\":")
        writer.string(change.id)
        writer.raw(",\"field\":")
        writer.string(change.field)
        writer.raw(",\"value\":")
        switch change.value {
        case .null: writer.raw("null")
        case .bool(let b): writer.raw(b ? "true" : "false")
        case .integer(let i): writer.integer(i)
        case .decimal(let d): writeDecimal(d, into: &writer)
        case .text(let s): writer.string(s)
        }
        writer.raw(",\"hlc\":\"")
        writer.integer(change.hlc.wall)
        writer.raw(":")
        writer.unsigned(UInt64(change.hlc.logical))
        writer.raw("\",\"replica\":")
        writer.string(change.replica)
        writer.raw(",\"counter\":")
        writer.unsigned(change.counter)
        writer.raw(",\"clock\":{")
        var first = true
        for entry in change.clock.entries {
            if !first { writer.raw(",") }
            first = false
            writer.string(entry.replica)
            writer.raw(":")
            writer.unsigned(entry.counter)
        }
        writer.raw("}")
        if let seq = change.seq {
            writer.raw(",\"seq\":")
            writer.integer(seq)
        }
        if change.isRelayed { writer.raw(",\"relayed\":true") }
        writer.raw("}")
    }

    /// A decimal in its shortest round-trip form that still reads as a decimal (`12.5`, `3.0`,
    /// `1e-07`). JSON has no NaN or infinity: those become `null` (``Change/validated()`` refuses them).
    static func writeDecimal(_ d: Double, into writer: inout JSONWriter) {
        guard d.isFinite else {
            writer.raw("null")
            return
        }
        writer.raw(d.description)
    }

    /// Decodes a JSON array of changes.
    ///
    /// - Throws: ``WireError`` with the index and field of the first malformed change.
    public static func decode(_ bytes: [UInt8], limits: JSONParser.Limits = JSONParser.Limits()) throws(WireError)
        -> [Change]
    {
        try ChangeDecoder.run(bytes, limits: limits) { try $0.decodeChangeArray() }
    }

    /// Decodes a JSON array of changes held in raw memory (for example `Data.withUnsafeBytes`).
    public static func decode(_ buffer: UnsafeRawBufferPointer, limits: JSONParser.Limits = JSONParser.Limits())
        throws(WireError) -> [Change]
    {
        try ChangeDecoder.run(buffer, limits: limits) { try $0.decodeChangeArray() }
    }

    /// Decodes one change given as a JSON object.
    public static func decodeChange(_ bytes: [UInt8], limits: JSONParser.Limits = JSONParser.Limits())
        throws(WireError) -> Change
    {
        try ChangeDecoder.run(bytes, limits: limits) { try $0.decodeChange() }
    }
}
