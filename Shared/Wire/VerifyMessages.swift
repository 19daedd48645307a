/// The bodies of the verify routes (docs/protocol.md, "Verify"), read and written by both sides.
/// Digests travel as 16 lowercase hex digits: JSON numbers cannot carry 64 unsigned bits safely.
public enum VerifyMessages {
    /// The most buckets or records one request may name.
    public static let maxBucketsPerRequest = VersionDigest.bucketCount
    public static let maxRecordsPerRequest = 2_000

    public static func hex(_ digest: UInt64) -> String {
        let digits = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func digest(hex text: String) -> UInt64? {
        guard text.utf8.count == 16 else { return nil }
        return UInt64(text, radix: 16)
    }

    /// `GET /v1/verify/buckets`: `{"store","head","buckets":[hex × 1024]}`.
    public struct Buckets: Sendable, Hashable {
        public var store: String
        public var head: Int64
        public var digests: [UInt64]

        public init(store: String, head: Int64, digests: [UInt64]) {
            self.store = store
            self.head = head
            self.digests = digests
        }

        public var json: JSONValue {
            .object([
                "store": .string(store), "head": .integer(head),
                "buckets": .array(digests.map { .string(VerifyMessages.hex($0)) }),
            ])
        }

        public init?(_ json: JSONValue) {
            guard let store = json["store"]?.stringValue, let head = json["head"]?.integerValue,
                let list = json["buckets"]?.arrayValue, list.count == VersionDigest.bucketCount
            else { return nil }
            var digests: [UInt64] = []
            digests.reserveCapacity(list.count)
            for item in list {
                guard let text = item.stringValue, let digest = VerifyMessages.digest(hex: text) else { return nil }
                digests.append(digest)
            }
            self.init(store: store, head: head, digests: digests)
        }
    }

    /// `POST /v1/verify/records` asks `{"buckets":[n…]}`.
    public static func bucketsRequest(_ buckets: [Int]) -> JSONValue {
        .object(["buckets": .array(buckets.map { .integer(Int64($0)) })])
    }

    /// The bucket numbers of a records request, nil when malformed.
    public static func buckets(fromRequest json: JSONValue) -> [Int]? {
        guard let list = json["buckets"]?.arrayValue, list.count <= maxBucketsPerRequest else { return nil }
        var buckets: [Int] = []
        for item in list {
            guard let n = item.integerValue, (0..<Int64(VersionDigest.bucketCount)).contains(n) else { return nil }
            buckets.append(Int(n))
        }
        return buckets
    }

    /// It answers `{"records":[{"kind","id","digest"}…]}`.
    public static func recordsAnswer(_ records: [(RecordKey, UInt64)]) -> JSONValue {
        .object([
            "records": .array(
                records.map { key, digest in
                    .object(["kind": .string(key.kind.rawValue), "id": .string(key.id), "digest": .string(hex(digest))])
                })
        ])
    }

    public static func records(fromAnswer json: JSONValue) -> [(RecordKey, UInt64)]? {
        guard let list = json["records"]?.arrayValue else { return nil }
        var records: [(RecordKey, UInt64)] = []
        for item in list {
            guard let key = recordKey(item), let text = item["digest"]?.stringValue, let digest = digest(hex: text)
            else { return nil }
            records.append((key, digest))
        }
        return records
    }

    /// `POST /v1/verify/versions` asks `{"records":[{"kind","id"}…]}`; it answers a pull page
    /// holding every stored version of those records.
    public static func versionsRequest(_ records: [RecordKey]) -> JSONValue {
        .object([
            "records": .array(records.map { .object(["kind": .string($0.kind.rawValue), "id": .string($0.id)]) })
        ])
    }

    public static func records(fromRequest json: JSONValue) -> [RecordKey]? {
        guard let list = json["records"]?.arrayValue, list.count <= maxRecordsPerRequest else { return nil }
        var records: [RecordKey] = []
        for item in list {
            guard let key = recordKey(item) else { return nil }
            records.append(key)
        }
        return records
    }

    private static func recordKey(_ json: JSONValue) -> RecordKey? {
        guard let name = json["kind"]?.stringValue, let kind = RecordKind(rawValue: name),
            let id = json["id"]?.stringValue, Identifier.problem(with: id) == nil
        else { return nil }
        return RecordKey(kind: kind, id: id)
    }
}
