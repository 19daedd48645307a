import GisementShared
import Testing

/// Implausible collections: outside the test's dates, more sold than collected, over 1,000 kg
/// per item. Warned about by the commands, counted by the report.
struct CollectionPlausibilityTests {
    static let march = (CivilDate("2026-03-01"), CivilDate("2026-03-31"))

    func concerns(at: String? = "2026-03-10T10:00:00Z", items: Int64? = nil, kg: Double? = nil, sold: Int64? = nil)
        -> [CollectionPlausibility.Concern]
    {
        CollectionPlausibility.concerns(
            collectedAt: at, items: items, weightKg: kg, soldItems: sold, startsOn: Self.march.0, endsOn: Self.march.1)
    }

    @Test func plausibleCollection_noConcern() {
        #expect(concerns(items: 3, kg: 12.5, sold: 3).isEmpty)
        // Just after midnight on the first day in Paris (UTC+1) is the evening before in UTC.
        #expect(concerns(at: "2026-02-28T23:30:00Z").isEmpty)
        #expect(concerns(at: "2026-03-01T00:30:00+01:00").isEmpty)
        #expect(concerns(at: "2026-03-31T23:30:00-05:00").isEmpty)
    }

    @Test func eachRule_oneConcern() {
        #expect(concerns(at: "2026-02-27T10:00:00Z") == [.outsideTestDates(startsOn: Self.march.0, endsOn: Self.march.1)])
        #expect(concerns(at: "2026-04-02T10:00:00Z").count == 1)
        #expect(concerns(at: "2025-03-10T10:00:00Z").count == 1)
        #expect(concerns(sold: 2) == [.soldMoreThanCollected(sold: 2, items: 1)])
        #expect(concerns(items: 2, kg: 2_000.5) == [.heavyPerItem(kgPerItem: 1_000.25)])
        #expect(concerns(items: 2, kg: 2_000).isEmpty)
    }

    @Test func describe_inBothLanguages() {
        let outside = CollectionPlausibility.Concern.outsideTestDates(startsOn: Self.march.0, endsOn: Self.march.1)
        #expect(CollectionPlausibility.describe(outside) == "it falls outside its test's dates (2026-03-01 to 2026-03-31)")
        Language.$current.withValue(.fr) {
            #expect(
                CollectionPlausibility.describe(outside) == "elle tombe hors des dates de son test (du 01/03/2026 au 31/03/2026)")
            #expect(
                CollectionPlausibility.describe(.heavyPerItem(kgPerItem: 1234.5))
                    == "elle pèse 1 234,5 kg par objet, plus de 1 000 kg")
        }
    }

    @Test func report_countsImplausibleCollections() throws {
        let test = Record(
            kind: .pilotTest, id: "t1",
            fields: ["name": .text("Mars"), "district": .text("d1"), "starts_on": .text("2026-03-01"), "ends_on": .text("2026-03-31")])
        func collection(_ id: String, _ fields: [String: FieldValue]) -> Record {
            var all: [String: FieldValue] = ["test": .text("t1"), "category": .text("tools"), "collected_at": .text("2026-03-10T10:00:00Z")]
            for (k, v) in fields { all[k] = v }
            return Record(kind: .collection, id: id, fields: all)
        }
        let input = ReportInput(records: [
            Record(kind: .district, id: "d1", fields: ["name": .text("Centre")]), test,
            collection("c1", [:]),
            collection("c2", ["collected_at": .text("2026-05-01T10:00:00Z")]),
            collection("c3", ["sold_items": .integer(4), "items": .integer(2)]),
            collection("c4", ["weight_kg": .decimal(5000)]),
            collection("c5", ["weight_kg": .decimal(5000), "deleted": .bool(true)]),
        ])
        let report = try ReportBuilder.make(scope: .test("t1"), input: input)
        #expect(report.implausibleCollections == 3)
        #expect(String(decoding: report.json(), as: UTF8.self).contains(#""implausible_collections":3,"#))
        #expect(report.csv().contains("implausible_collections,3\r\n"))
        #expect(report.text().contains("Collections to check"))
        Language.$current.withValue(.fr) { #expect(report.text().contains("Collectes à vérifier")) }
    }
}
