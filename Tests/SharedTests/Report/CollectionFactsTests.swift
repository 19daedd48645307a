import GisementShared
import Testing

/// A store may give collections as typed facts instead of records: the report must not change.
@Suite struct CollectionFactsTests {
    @Test(arguments: [ReportScope.test("t1"), .district("d1"), .all])
    func facts_giveTheSameBytesAsRecords(scope: ReportScope) throws {
        let fromRecords = try ReportFixture.report(scope)
        var input = ReportFixture.input
        input.collectionFacts = input.collections.map(CollectionFacts.init)
        input.collections = []
        let fromFacts = try ReportBuilder.make(scope: scope, input: input)
        #expect(fromFacts.json() == fromRecords.json())
        #expect(fromFacts.text() == fromRecords.text())
    }

    @Test func facts_ofARecord_copyEveryFieldTheReportReads() {
        let record = Record(
            kind: .collection, id: "c-1",
            fields: [
                "test": .text("t-1"), "district": .text("d-1"), "partner": .text("p-1"), "category": .text("tools"),
                "source": .text("event"), "outcome": .text("reused"), "items": .integer(3),
                "weight_kg": .decimal(2.5), "sold_items": .integer(1), "deleted": .bool(true),
            ])
        let facts = CollectionFacts(record)
        #expect(
            facts
                == CollectionFacts(
                    test: "t-1", district: "d-1", partner: "p-1", category: "tools", source: "event",
                    outcome: "reused", items: 3, weightKg: 2.5, soldItems: 1, isDeleted: true))
        #expect(Set(CollectionFacts.fieldNames).isSubset(of: Set(Schema.collection.fieldNames)))
    }
}
