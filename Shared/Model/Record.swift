/// The current state of one record: its kind, id and the winning value of each field.
///
/// What lists, `show`, reports and `GET /v1/records/{kind}/{id}` work on. Absent fields
/// and fields whose winning value is `null` are both "not set".
public struct Record: Hashable, Sendable {
    public var kind: RecordKind
    public var id: RecordID
    /// Winning values by field name, `deleted` included when it was ever written.
    public var fields: [String: FieldValue]

    public init(kind: RecordKind, id: RecordID, fields: [String: FieldValue] = [:]) {
        self.kind = kind
        self.id = id
        self.fields = fields
    }

    /// Whether the record was removed (its `deleted` field is true).
    public var isDeleted: Bool { fields[Schema.deletedField]?.boolValue ?? false }

    /// The value of a field, nil when unset or null.
    public subscript(field: String) -> FieldValue? {
        guard let value = fields[field], !value.isNull else { return nil }
        return value
    }

    public func text(_ field: String) -> String? { self[field]?.textValue }
    public func integer(_ field: String) -> Int64? { self[field]?.integerValue }
    public func number(_ field: String) -> Double? { self[field]?.numberValue }
}
