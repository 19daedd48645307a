import GisementShared

/// The fields one command writes to one record, in the order they are stamped.
public struct RecordWrite: Sendable {
    public var kind: RecordKind
    public var id: RecordID
    public var fields: [(name: String, value: FieldValue)]
    /// Set when the caller knows the record does not exist yet (a fresh random id): the store then
    /// skips reading stored versions, which is what makes a large import fast.
    public var isNew: Bool

    public init(kind: RecordKind, id: RecordID, fields: [(name: String, value: FieldValue)], isNew: Bool = false) {
        self.kind = kind
        self.id = id
        self.fields = fields
        self.isNew = isNew
    }
}
