/// The checksums that let a replica and the server find what differs between them without
/// exchanging everything (`gisement verify`, and the recovery from a server that went back).
///
/// - A **version hash** covers one field version: kind, record id, field, dot, HLC and value (texts
///   by their bytes; `12` and `12.0` alike, as the schema makes them equal). The writer's clock is left
///   out: the dot names the write, and the merge never looks at a clock to pick a winner.
/// - A **record digest** is the wrapping sum of the hashes of its current field versions, so a
///   store keeps it up to date by subtracting the hash of a version it replaces and adding the new
///   one (``RecordMergePlan/digestDelta``).
/// - A record falls in one of ``bucketCount`` **buckets** by a hash of its kind and id; a bucket's
///   digest is the wrapping sum of its records' digests. Two stores that hold the same versions have
///   the same 1,024 bucket digests; comparing them costs one request.
///
/// These definitions are part of the protocol (docs/protocol.md, "Verify"): changing any of them
/// makes every store disagree with every other. Never change them without a new route.
public enum VersionDigest {
    /// How many buckets records are spread over.
    public static let bucketCount = 1024

    private static let key0: UInt64 = 0x4769_7365_6d65_6e74  // "Gisement"
    private static let key1: UInt64 = 0x7665_7273_696f_6e31  // "version1"

    /// The hash of one field version of record `key`.
    public static func hash(_ key: RecordKey, field: String, _ version: FieldVersion) -> UInt64 {
        var hasher = SipHasher(key0: key0, key1: key1)
        hasher.addBytes(key.kind.rawValue.utf8)
        hasher.addByte(0)
        hasher.addBytes(key.id.utf8)
        hasher.addByte(0)
        hasher.addBytes(field.utf8)
        hasher.addByte(0)
        hasher.addBytes(version.dot.replica.utf8)
        hasher.addByte(0)
        hasher.addWord(version.dot.counter)
        hasher.addWord(UInt64(bitPattern: version.hlc.wall))
        hasher.addWord(UInt64(version.hlc.logical))
        add(version.value, to: &hasher)
        return hasher.finalize()
    }

    /// The hash of the version a change carries.
    public static func hash(_ change: Change) -> UInt64 {
        hash(change.record, field: change.field, change.version)
    }

    /// The bucket of a record, from 0 to ``bucketCount`` - 1.
    public static func bucket(_ key: RecordKey) -> Int {
        var hasher = SipHasher(key0: key1, key1: key0)
        hasher.addBytes(key.kind.rawValue.utf8)
        hasher.addByte(0)
        hasher.addBytes(key.id.utf8)
        return Int(hasher.finalize() % UInt64(bucketCount))
    }

    /// The digest of a record holding exactly `versions`.
    public static func digest(_ key: RecordKey, _ versions: [String: FieldVersion]) -> UInt64 {
        versions.reduce(0) { $0 &+ hash(key, field: $1.key, $1.value) }
    }

    private static func add(_ value: FieldValue, to hasher: inout SipHasher) {
        switch value {
        case .null:
            hasher.addByte(0)
        case .bool(let b):
            hasher.addByte(1)
            hasher.addByte(b ? 1 : 0)
        case .integer(let i):
            hasher.addByte(2)
            hasher.addWord(UInt64(bitPattern: i))
        case .decimal(let d):
            // A decimal with an integral value hashes as the integer: a replica that reads an
            // unknown field back from SQLite may hold `12` where the server holds `12.0`.
            if let i = Int64(exactly: d) {
                hasher.addByte(2)
                hasher.addWord(UInt64(bitPattern: i))
            } else {
                hasher.addByte(3)
                hasher.addWord(d.bitPattern)
            }
        case .text(let s):
            hasher.addByte(4)
            hasher.addWord(UInt64(s.utf8.count))
            hasher.addBytes(s.utf8)
        }
    }
}
