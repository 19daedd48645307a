/// What makes a collection implausible, though valid: `log`, `set` and `import` warn about it
/// (they never refuse it: the field knows things the rules do not), and the report counts such
/// collections so that a coordinator looks at them before handing figures to partners.
///
/// - outside its test's dates: collected before the test's first day or after its last. A
///   collection time is an instant and the test's days are local days, so a time counts as
///   outside only when no time zone (UTC−12 … UTC+14) puts it inside: pure, the same on every
///   replica and on the server, and never a false alarm for a collection logged just after
///   midnight on the first day.
/// - more items sold than collected: `sold_items` > `items` (1 when not given).
/// - more than 1,000 kg per item: `weight_kg` ÷ `items` above ``maxKgPerItem`` (a typo in the
///   unit, grams for kilograms, or items left at 1 for a pallet).
public enum CollectionPlausibility {
    public static let maxKgPerItem = 1_000.0

    public enum Concern: Hashable, Sendable {
        case outsideTestDates(startsOn: CivilDate?, endsOn: CivilDate?)
        case soldMoreThanCollected(sold: Int64, items: Int64)
        case heavyPerItem(kgPerItem: Double)
    }

    /// The concerns about one collection; empty for a plausible one.
    public static func concerns(
        collectedAt: String?, items: Int64?, weightKg: Double?, soldItems: Int64?, startsOn: CivilDate?,
        endsOn: CivilDate?
    ) -> [Concern] {
        concerns(
            collectedAt: collectedAt.flatMap(ZonedDateTime.init)?.epochSeconds, items: items, weightKg: weightKg,
            soldItems: soldItems, startsOn: startsOn, endsOn: endsOn)
    }

    /// The concerns, the collection time given in seconds since 1970 (as a report streams it).
    public static func concerns(
        collectedAt instant: Int64?, items: Int64?, weightKg: Double?, soldItems: Int64?, startsOn: CivilDate?,
        endsOn: CivilDate?
    ) -> [Concern] {
        var concerns: [Concern] = []
        if let instant, isOutside(instant, startsOn: startsOn, endsOn: endsOn) {
            concerns.append(.outsideTestDates(startsOn: startsOn, endsOn: endsOn))
        }
        let count = items ?? 1
        if let soldItems, soldItems > count { concerns.append(.soldMoreThanCollected(sold: soldItems, items: count)) }
        if let weightKg, count > 0, weightKg / Double(count) > maxKgPerItem {
            concerns.append(.heavyPerItem(kgPerItem: weightKg / Double(count)))
        }
        return concerns
    }

    /// The concerns about a collection record and its test.
    public static func concerns(_ collection: Record, test: Record?) -> [Concern] {
        concerns(
            collectedAt: collection.text("collected_at"), items: collection.integer("items"),
            weightKg: collection.number("weight_kg"), soldItems: collection.integer("sold_items"),
            startsOn: test?.text("starts_on").flatMap(CivilDate.init), endsOn: test?.text("ends_on").flatMap(CivilDate.init))
    }

    static func isOutside(_ instant: Int64, startsOn: CivilDate?, endsOn: CivilDate?) -> Bool {
        let day: Int64 = 86_400
        if let startsOn, instant < Int64(startsOn.daysSinceEpoch) * day - 14 * 3600 { return true }
        if let endsOn, instant >= Int64(endsOn.daysSinceEpoch + 1) * day + 12 * 3600 { return true }
        return false
    }

    /// One sentence for a person, in the current ``Language``.
    public static func describe(_ concern: Concern) -> String {
        switch concern {
        case .outsideTestDates(let startsOn, let endsOn):
            let from = startsOn.map { LocalFormat.date($0.description) } ?? "?"
            let to = endsOn.map { LocalFormat.date($0.description) } ?? "?"
            return localized("plausibility.outside", ["from": from, "to": to])
        case .soldMoreThanCollected(let sold, let items):
            return localized("plausibility.sold", ["sold": String(sold), "items": String(items)])
        case .heavyPerItem(let kgPerItem):
            let shown = LocalFormat.number(FieldValue.format((kgPerItem * 10).rounded() / 10))
            return localized("plausibility.heavy", ["kg": shown, "maximum": LocalFormat.number("1000")])
        }
    }
}
