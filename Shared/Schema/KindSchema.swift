/// The fields of one record kind.
public struct KindSchema: Sendable {
    public let kind: RecordKind
    /// The kind's own fields in the contract's order, `deleted` last.
    public let fields: [FieldSpec]
    /// The fields a command line must be given when creating a record (kept: checked per CSV row).
    public let requiredFields: [FieldSpec]
    /// The field names, in order.
    public let fieldNames: [String]
    private let index: [String: Int]

    public init(kind: RecordKind, fields: [FieldSpec]) {
        self.kind = kind
        let all = fields + [FieldSpec(Schema.deletedField, .boolean, summary: "true once the record is removed")]
        self.fields = all
        var index: [String: Int] = [:]
        for (i, field) in all.enumerated() { index[field.name] = i }
        self.index = index
        requiredFields = all.filter(\.isRequired)
        fieldNames = all.map(\.name)
    }

    /// The spec of `name`, or nil when the kind has no such field.
    public func field(_ name: String) -> FieldSpec? {
        index[name].map { fields[$0] }
    }
}
