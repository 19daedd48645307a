/// One collection as a store streams it into a ``ReportDraft``: each text field as the draft's code
/// for that text (``ReportDraft/code(for:)``), the numbers as stored.
///
/// Over 100,000 collections the same few texts (one test id, a district, seven categories) repeat
/// on every row; a store that remembers which bytes gave which code hands over small integers, and
/// the draft tallies into arrays instead of hashing five Strings per collection. The draft alone
/// decides what the values mean (defaults, deleted, district fallback), exactly as for ``Record``s.
///
/// ```swift
/// var draft = try ReportDraft(scope: .test("t-42"), input: smallRecords)
/// let tools = draft.code(for: "tools")
/// draft.add(CodedCollection(test: draft.code(for: "t-42"), category: tools, weightKg: 2.5))
/// let report = draft.finish()
/// ```
public struct CodedCollection: Sendable, Hashable {
    /// The code of a text field that has no value.
    public static let missing: Int32 = -1

    public var test: Int32
    public var district: Int32
    public var partner: Int32
    public var category: Int32
    public var source: Int32
    public var outcome: Int32
    public var items: Int64?
    public var weightKg: Double?
    public var soldItems: Int64?
    /// When, in seconds since 1970; only the plausibility count reads it.
    public var collectedAt: Int64?
    public var isDeleted: Bool

    public init(
        test: Int32, district: Int32 = missing, partner: Int32 = missing, category: Int32 = missing,
        source: Int32 = missing, outcome: Int32 = missing, items: Int64? = nil, weightKg: Double? = nil,
        soldItems: Int64? = nil, collectedAt: Int64? = nil, isDeleted: Bool = false
    ) {
        self.test = test
        self.district = district
        self.partner = partner
        self.category = category
        self.source = source
        self.outcome = outcome
        self.items = items
        self.weightKg = weightKg
        self.soldItems = soldItems
        self.collectedAt = collectedAt
        self.isDeleted = isDeleted
    }

    /// The collection fields a store reads, in the order of the properties above.
    public static let fieldNames = CollectionFacts.fieldNames + [Schema.deletedField]
}
