import GisementShared

/// Which records a list reads: those of one test and/or one district, deleted ones or not.
public struct RecordFilter: Sendable, Hashable {
    /// Only records whose `test` field is this id (collections, participations).
    public var test: RecordID?
    /// Only records whose `district` field is this id (collections, tests).
    public var district: RecordID?
    /// Whether removed records are listed too.
    public var includesDeleted: Bool
    /// The only fields read (nil: every field). A report over 100,000 collections reads the ten
    /// it needs instead of building every field of every record.
    public var fields: [String]?
    /// Whether the records come in their display order (by date, then id); unordered skips a sort.
    public var isOrdered: Bool

    public init(
        test: RecordID? = nil, district: RecordID? = nil, includesDeleted: Bool = false, fields: [String]? = nil,
        isOrdered: Bool = true
    ) {
        self.test = test
        self.district = district
        self.includesDeleted = includesDeleted
        self.fields = fields
        self.isOrdered = isOrdered
    }

    /// Every record of the kind that is not removed.
    public static let all = RecordFilter()
}
