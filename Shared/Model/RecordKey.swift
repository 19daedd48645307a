/// The address of one record: its kind and id. The scope of a vector clock, of a merge run and of a
/// record digest.
public struct RecordKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var kind: RecordKind
    public var id: RecordID

    public init(kind: RecordKind, id: RecordID) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind.rawValue) \(id)" }

    public static func < (lhs: RecordKey, rhs: RecordKey) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
}

extension Change {
    /// The record this change writes to.
    public var record: RecordKey { RecordKey(kind: kind, id: id) }
}
