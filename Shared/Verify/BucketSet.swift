/// A set of bucket numbers (``VersionDigest/bucket(_:)``) tested while scanning every record: the
/// stores keep no index on the bucket, so verify reads the records of the buckets it asks for in
/// one pass. Numbers outside 0..<``VersionDigest/bucketCount`` are never members.
public struct BucketSet: Sendable {
    private var members = [Bool](repeating: false, count: VersionDigest.bucketCount)
    public private(set) var isEmpty = true

    public init(_ buckets: some Sequence<Int>) {
        for bucket in buckets where members.indices.contains(bucket) {
            members[bucket] = true
            isEmpty = false
        }
    }

    public func contains(_ bucket: Int) -> Bool {
        members.indices.contains(bucket) && members[bucket]
    }
}
