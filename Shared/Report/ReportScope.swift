/// What a report covers: one collection test, every test of one district, or everything.
///
/// A test is the unit of evaluation in the field guides ("run a collection operation in one
/// district, measure, compare with the objectives"); a district and the whole store are the
/// views a coordinator needs when several tests ran in the same place or across the network.
///
/// ```swift
/// let report = try ReportBuilder.make(scope: .test("t-42"), input: input)
/// ```
public enum ReportScope: Hashable, Sendable {
    /// One collection test and its collections, whatever district each was logged in.
    case test(RecordID)
    /// Every live test whose `district` is this district, with all their collections.
    case district(RecordID)
    /// Every live test and all its collections.
    case all

    /// The scope's name in the JSON form (`"test"`, `"district"`, `"all"`).
    public var name: String {
        switch self {
        case .test: return "test"
        case .district: return "district"
        case .all: return "all"
        }
    }

    /// The id of the test or district the scope names, nil for ``all``.
    public var id: RecordID? {
        switch self {
        case .test(let id), .district(let id): return id
        case .all: return nil
        }
    }
}
