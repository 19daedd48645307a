import GisementShared

extension CommandContext {
    /// Warns (standard error, never a refusal) when a collection just written is implausible:
    /// outside its test's dates, more sold than collected, more than 1,000 kg per item
    /// (``CollectionPlausibility``).
    func warnIfImplausible(_ collection: Record, store: ReplicaStore) throws {
        let test = try collection.text("test").flatMap { try store.record(kind: .pilotTest, id: $0) }
        let concerns = CollectionPlausibility.concerns(collection, test: test)
        guard !concerns.isEmpty else { return }
        console.error(
            localized("warning.prefix")
                + localized(
                    "plausibility.warning",
                    ["id": collection.id, "concerns": concerns.map(CollectionPlausibility.describe).joined(separator: localized("list.separator"))]))
    }
}
