/// Running sums over the counted collections of a ``ReportDraft``, one pass: the totals, and one
/// tally per text code for each breakdown, so a collection costs five array updates rather than
/// five String hashes.
///
/// The rules of a collection's figures are here and only here: `items` defaults to 1 and never
/// counts below 0, weight is summed in whole milligrams (unset adds 0 and counts as "without
/// weight"), `sold_items` defaults to 0, a missing text counts under `unspecified`.
struct CodedSums {
    var totals = ReportTally()
    var withoutWeight = 0
    var soldItems: Int64 = 0
    var category: [ReportTally] = []
    var source: [ReportTally] = []
    var partner: [ReportTally] = []
    var outcome: [ReportTally] = []
    var district: [ReportTally] = []

    /// Makes room for one more text code in every breakdown.
    mutating func appendCode() {
        category.append(ReportTally())
        source.append(ReportTally())
        partner.append(ReportTally())
        outcome.append(ReportTally())
        district.append(ReportTally())
    }

    /// Adds one counted collection under `district` (already resolved: its own or its test's).
    mutating func add(_ collection: CodedCollection, district place: Int32, unspecified: Int32) {
        let items = max(0, collection.items ?? 1)
        let weight = collection.weightKg
        if weight == nil { withoutWeight += 1 }
        let mg = ReportTally.milligrams(ofKg: weight)
        totals.add(items: items, milligrams: mg)
        soldItems = ReportTally.saturatingAdd(soldItems, max(0, collection.soldItems ?? 0))
        func slot(_ code: Int32) -> Int { Int(code == CodedCollection.missing ? unspecified : code) }
        category[slot(collection.category)].add(items: items, milligrams: mg)
        source[slot(collection.source)].add(items: items, milligrams: mg)
        partner[slot(collection.partner)].add(items: items, milligrams: mg)
        outcome[slot(collection.outcome)].add(items: items, milligrams: mg)
        district[slot(place)].add(items: items, milligrams: mg)
    }

    /// The same sums keyed by text, with only the keys some collection counted under.
    func decoded(texts: [String]) -> ReportBuilder.Accumulator {
        func byText(_ tallies: [ReportTally]) -> [String: ReportTally] {
            var result: [String: ReportTally] = [:]
            for (code, tally) in tallies.enumerated() where tally.collections > 0 { result[texts[code]] = tally }
            return result
        }
        return ReportBuilder.Accumulator(
            totals: totals, withoutWeight: withoutWeight, soldItems: soldItems, category: byText(category),
            source: byText(source), partner: byText(partner), outcome: byText(outcome), district: byText(district))
    }
}
