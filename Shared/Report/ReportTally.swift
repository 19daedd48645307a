/// Counts of a set of collections: how many, how many items, how much weight.
///
/// Weight is kept in whole milligrams so that sums are exact and do not depend on the order the
/// store returned the records in: the replica and the server must print the same bytes.
public struct ReportTally: Hashable, Sendable {
    /// Number of collections.
    public var collections: Int = 0
    /// Sum of `items` (a collection without `items` counts 1, the field's default).
    public var items: Int64 = 0
    /// Sum of `weight_kg` in milligrams (a collection without weight adds 0).
    public var milligrams: Int64 = 0

    /// A tally with the given sums (tests and callers building expectations).
    public init(collections: Int = 0, items: Int64 = 0, milligrams: Int64 = 0) {
        self.collections = collections
        self.items = items
        self.milligrams = milligrams
    }

    /// The weight in kilograms.
    public var weightKg: Double { Double(milligrams) / 1_000_000 }

    /// Adds one collection; sums saturate rather than trap on absurd input.
    public mutating func add(items: Int64, milligrams: Int64) {
        collections += 1
        self.items = ReportTally.saturatingAdd(self.items, items)
        self.milligrams = ReportTally.saturatingAdd(self.milligrams, milligrams)
    }

    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int64.min : Int64.max) : sum
    }

    /// The weight of a collection in milligrams: 0 when unset, negative or not a number;
    /// capped at a million tonnes so that sums cannot overflow in practice.
    public static func milligrams(ofKg kg: Double?) -> Int64 {
        guard let kg, kg.isFinite, kg > 0 else { return 0 }
        return Int64((min(kg, 1e9) * 1_000_000).rounded(.toNearestOrAwayFromZero))
    }
}

/// One line of a breakdown: a key (a vocabulary value, a partner or district id, or
/// `unspecified`), a display label, and the tally of the collections under it.
public struct ReportEntry: Hashable, Sendable {
    /// The key used in the JSON and CSV forms.
    public var key: String
    /// What people read: a partner's or district's name when known, otherwise the key.
    public var label: String
    public var tally: ReportTally

    /// The key of the entry for collections that have no value for the field.
    public static let unspecifiedKey = "unspecified"

    public init(key: String, label: String? = nil, tally: ReportTally = ReportTally()) {
        self.key = key
        self.label = label ?? key
        self.tally = tally
    }
}
