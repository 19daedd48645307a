import GisementSQLite
import GisementShared

/// Reads current records out of `field_versions`, and gathers the records a report needs.
enum RecordReader {
    /// The current state of one record, or nil when the server holds no field of it.
    /// - Throws: ``SQLiteError``, ``StoreDamage`` for a value the store never writes.
    static func record(_ db: Database, kind: RecordKind, id: RecordID) throws -> Record? {
        let statement = try db.cachedStatement(
            sql: "SELECT field, value_type, value FROM field_versions WHERE kind = ? AND id = ?")
        statement.bind(text: kind.rawValue, at: 1)
        statement.bind(text: id, at: 2)
        defer { statement.reset() }
        var fields: [String: FieldValue] = [:]
        while try statement.step() {
            fields[statement.text(at: 0)] = try StoreRow(statement: statement, table: "field_versions", key: .text(id)).value(1)
        }
        return fields.isEmpty ? nil : Record(kind: kind, id: id, fields: fields)
    }

    /// The ids of the records of `kind` whose reference field `field` holds `target`.
    /// Uses the partial index on reference fields.
    /// - Throws: ``SQLiteError``.
    static func ids(_ db: Database, kind: RecordKind, field: String, equals target: RecordID) throws -> [RecordID] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT id FROM field_versions INDEXED BY field_versions_by_reference
                WHERE field IN ('test', 'district', 'partner') AND field = ? AND value = ? AND kind = ?
                """)
        statement.bind(text: field, at: 1)
        statement.bind(text: target, at: 2)
        statement.bind(text: kind.rawValue, at: 3)
        defer { statement.reset() }
        var ids: [RecordID] = []
        while try statement.step() { ids.append(statement.text(at: 0)) }
        return ids
    }

    /// Every record the report of test `testID` needs (see ``ReportInput``): the test, its
    /// district, its collections and participations, and the partners and districts they name.
    static func reportInput(_ db: some StoreSnapshot, test testID: RecordID) throws -> ReportInput {
        guard let test = try db.record(kind: .pilotTest, id: testID) else { return ReportInput() }
        return try reportInput(db, tests: [test])
    }

    /// Every record the report of district `districtID` needs: the district, its tests (removed
    /// ones too, which the report leaves out), and what the live tests' collections and
    /// participations name.
    static func reportInput(_ db: some StoreSnapshot, district districtID: RecordID) throws -> ReportInput {
        var tests: [Record] = []
        for id in try db.ids(kind: .pilotTest, field: "district", equals: districtID) {
            if let test = try db.record(kind: .pilotTest, id: id) { tests.append(test) }
        }
        var input = try reportInput(db, tests: tests)
        if !input.districts.contains(where: { $0.id == districtID }),
            let district = try db.record(kind: .district, id: districtID)
        {
            input.districts.append(district)
        }
        return input
    }

    /// The tests, and for the live ones their collections, participations and workshops, and the partners
    /// and districts all of them name.
    private static func reportInput(_ db: some StoreSnapshot, tests: [Record]) throws -> ReportInput {
        var input = ReportInput()
        input.tests = tests
        var partnerIDs: Set<RecordID> = []
        var districtIDs: Set<RecordID> = []
        for test in tests {
            if let district = test.text("district") { districtIDs.insert(district) }
        }
        for test in tests where !test.isDeleted {
            try addCollectionsAndParticipations(db, test: test.id, to: &input, partners: &partnerIDs, districts: &districtIDs)
        }
        for id in partnerIDs.sorted() {
            if let partner = try db.record(kind: .partner, id: id) { input.partners.append(partner) }
        }
        for id in districtIDs.sorted() {
            if let district = try db.record(kind: .district, id: id) { input.districts.append(district) }
        }
        return input
    }

    private static func addCollectionsAndParticipations(
        _ db: some StoreSnapshot, test testID: RecordID, to input: inout ReportInput, partners partnerIDs: inout Set<RecordID>,
        districts districtIDs: inout Set<RecordID>
    ) throws {
        for id in try db.ids(kind: .collection, field: "test", equals: testID) {
            guard let collection = try db.record(kind: .collection, id: id) else { continue }
            input.collections.append(collection)
            if let partner = collection.text("partner") { partnerIDs.insert(partner) }
            if let district = collection.text("district") { districtIDs.insert(district) }
        }
        for id in try db.ids(kind: .participation, field: "test", equals: testID) {
            guard let participation = try db.record(kind: .participation, id: id) else { continue }
            input.participations.append(participation)
            if let partner = participation.text("partner") { partnerIDs.insert(partner) }
        }
        for id in try db.ids(kind: .workshop, field: "test", equals: testID) {
            if let workshop = try db.record(kind: .workshop, id: id) { input.workshops.append(workshop) }
        }
    }
}
