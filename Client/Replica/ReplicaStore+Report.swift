import GisementSQLite
#if canImport(Glibc)
import Glibc
#endif
import GisementShared

extension ReplicaStore {
    /// The live collections of one test (or of every test when `test` is nil), reduced to the
    /// fields a report reads, straight from the collection table.
    ///
    /// Unlike ``forEachRecord(kind:filter:_:)`` this builds no dictionary per row, and a text that
    /// repeats from one row to the next (the test id, a district or partner id) is made into a
    /// String once: over 100,000 collections that is most of a report's time.
    /// - Throws: ``SQLiteError``.
    public func collectionFacts(test: RecordID?) throws -> [CollectionFacts] {
        let table = KindTable.of(.collection)
        var sql = "SELECT " + CollectionFacts.fieldNames.map { "\"\($0)\"" }.joined(separator: ", ")
            + " FROM \"\(table.name)\" WHERE \"deleted\" IS NOT 1"
        if test != nil { sql += " AND \"test\" = ?1" }
        let statement = try database.makeStatement(sql: sql)
        if let test { statement.bind(text: test, at: 1) }
        var texts = (0..<6).map { _ in RepeatedText() }
        func text(_ column: Int32) -> String? {
            statement.isNull(at: column) ? nil : statement.withBlob(at: column) { texts[Int(column)].string($0) }
        }
        var facts: [CollectionFacts] = []
        while try statement.step() {
            facts.append(
                CollectionFacts(
                    test: text(0), district: text(1), partner: text(2), category: text(3), source: text(4),
                    outcome: text(5), items: statement.value(at: 6).integerValue,
                    weightKg: statement.value(at: 7).doubleValue, soldItems: statement.value(at: 8).integerValue))
        }
        return facts
    }
}

/// The last text read from one column, kept so that a value equal to the previous row's is not
/// decoded into a new String again.
private struct RepeatedText {
    private var bytes: [UInt8] = []
    private var text: String?

    mutating func string(_ raw: UnsafeRawBufferPointer) -> String {
        if let text, raw.count == bytes.count,
            raw.isEmpty || bytes.withUnsafeBytes({ memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 })
        {
            return text
        }
        bytes = Array(raw)
        let decoded = String(decoding: raw, as: UTF8.self)
        text = decoded
        return decoded
    }
}
