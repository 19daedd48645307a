/// Why a report could not be made: the test or district its scope names is unknown or deleted.
///
/// The server turns it into `404 not_found`, the command line into exit status 65.
public struct ReportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Kind of the record the scope names (`test` or `district`).
    public var kind: RecordKind
    /// Its id as given.
    public var id: RecordID
    /// Whether the record exists but was removed (false: never seen).
    public var isDeleted: Bool

    public init(kind: RecordKind, id: RecordID, isDeleted: Bool) {
        self.kind = kind
        self.id = id
        self.isDeleted = isDeleted
    }

    public var description: String {
        isDeleted
            ? localized("report.deleted", ["kind": Vocabulary.kindName(kind), "id": id])
            : localized("report.unknown", ["kind": Vocabulary.kindName(kind), "id": id, "kinds": kind.plural])
    }
}
