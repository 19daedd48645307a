import GisementShared
import GisementSQLite

/// Totals of the collections of one test, per outcome: what `test show` prints.
public struct CollectionSummary: Sendable, Hashable {
    public struct Totals: Sendable, Hashable {
        public var collections = 0
        public var items: Int64 = 0
        public var kilograms = 0.0
    }

    /// All collections of the test (removed ones left out).
    public var all = Totals()
    /// The same, by outcome (`pending`, `reused`…); collections without an outcome are under "".
    public var byOutcome: [String: Totals] = [:]
}

extension ReplicaStore {
    /// Sums the collections of a test with one query on the `collections` table.
    /// - Throws: ``SQLiteError``.
    public func collectionSummary(test: RecordID) throws -> CollectionSummary {
        let rows = try database.query(
            sql: """
                SELECT coalesce(outcome, ''), count(*), coalesce(sum(items), 0), coalesce(sum(weight_kg), 0)
                FROM collections WHERE test = ?1 AND deleted IS NOT 1 GROUP BY 1 ORDER BY 1
                """,
            arguments: [.text(test)])
        var summary = CollectionSummary()
        for row in rows {
            let totals = CollectionSummary.Totals(
                collections: Int(row[1].integerValue ?? 0), items: row[2].integerValue ?? 0,
                kilograms: row[3].doubleValue ?? 0)
            summary.byOutcome[row[0].textValue ?? ""] = totals
            summary.all.collections += totals.collections
            summary.all.items += totals.items
            summary.all.kilograms += totals.kilograms
        }
        return summary
    }
}
