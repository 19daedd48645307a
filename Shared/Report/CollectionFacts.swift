/// The fields of one collection that a report reads, already typed.
///
/// A store that holds many collections can hand these to ``ReportInput/collectionFacts`` instead
/// of whole ``Record``s: the figures are the same, without a dictionary of fields per collection
/// (what made `gisement report` slow over 100,000 collections).
public struct CollectionFacts: Sendable, Hashable {
    public var test: RecordID?
    public var district: RecordID?
    public var partner: RecordID?
    public var category: String?
    public var source: String?
    public var outcome: String?
    public var items: Int64?
    public var weightKg: Double?
    public var soldItems: Int64?
    /// When, as stored (ISO 8601 with a zone); only the plausibility count reads it.
    public var collectedAt: String?
    public var isDeleted: Bool

    public init(
        test: RecordID?, district: RecordID? = nil, partner: RecordID? = nil, category: String? = nil,
        source: String? = nil, outcome: String? = nil, items: Int64? = nil, weightKg: Double? = nil,
        soldItems: Int64? = nil, collectedAt: String? = nil, isDeleted: Bool = false
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

    /// The facts of a collection record.
    public init(_ record: Record) {
        self.init(
            test: record.text("test"), district: record.text("district"), partner: record.text("partner"),
            category: record.text("category"), source: record.text("source"), outcome: record.text("outcome"),
            items: record.integer("items"), weightKg: record.number("weight_kg"), soldItems: record.integer("sold_items"),
            collectedAt: record.text("collected_at"), isDeleted: record.isDeleted)
    }

    /// The collection fields these facts come from, for a store that reads its columns directly.
    public static let fieldNames = [
        "test", "district", "partner", "category", "source", "outcome", "items", "weight_kg", "sold_items",
        "collected_at",
    ]
}
