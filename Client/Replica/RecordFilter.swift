import GisementShared

/// Which records a list reads: those of one test and/or one district, deleted ones or not.
public struct RecordFilter: Sendable, Hashable {
    /// Only records whose `test` field is this id (collections, participations).
    public var test: RecordID?
    /// Only records whose `district` field is this id (collections, tests).
    public var district: RecordID?
    /// Whether removed records are listed too.
    public var includesDeleted: Bool

    public init(test: RecordID? = nil, district: RecordID? = nil, includesDeleted: Bool = false) {
        self.test = test
        self.district = district
        self.includesDeleted = includesDeleted
    }

    /// Every record of the kind that is not removed.
    public static let all = RecordFilter()
}
