import GisementSQLite
#if canImport(Glibc)
import Glibc
#endif
import GisementShared

extension ReplicaStore {
    /// Streams the collections of one test (or of every test when `test` is nil) into `draft`,
    /// straight from the collection table, deleted ones included (the draft leaves them out).
    ///
    /// No record, no array of collections and, for a text already seen in its column, no String:
    /// each column remembers which bytes gave which code. With the covering index of migration
    /// 003 the query reads the index alone (see docs/benchmarks.md, "report").
    /// - Throws: ``SQLiteError``.
    public func addCollections(test: RecordID?, to draft: inout ReportDraft) throws {
        // Filtered by test, every row has that test: the column is not read (one less per row).
        let fields = test == nil ? CodedCollection.fieldNames : Array(CodedCollection.fieldNames.dropFirst())
        var sql = "SELECT " + fields.map { "\"\($0)\"" }.joined(separator: ", ")
            + " FROM \"\(KindTable.of(.collection).name)\""
        if test != nil { sql += " WHERE \"test\" = ?1" }
        let statement = try database.makeStatement(sql: sql)
        if let test { statement.bind(text: test, at: 1) }
        let testCode = test.map { draft.code(for: $0) }
        // Column of field n of ``CodedCollection/fieldNames`` in this query.
        let shift: Int32 = test == nil ? 0 : -1
        var columns = (0..<6).map { _ in ColumnCodes() }
        func code(_ field: Int32) -> Int32 {
            let column = field + shift
            if statement.isNull(at: column) { return CodedCollection.missing }
            return statement.withBlob(at: column) { columns[Int(field)].code(of: $0, in: &draft) }
        }
        while try statement.step() {
            let collection = CodedCollection(
                test: testCode ?? code(0), district: code(1), partner: code(2), category: code(3), source: code(4),
                outcome: code(5), items: statement.value(at: 6 + shift).integerValue,
                weightKg: statement.value(at: 7 + shift).doubleValue,
                soldItems: statement.value(at: 8 + shift).integerValue,
                isDeleted: statement.value(at: 9 + shift).doubleValue == 1)
            draft.add(collection)
        }
    }
}

/// The draft codes of the texts last read from one column, by their bytes, so that a text seen
/// again is neither decoded into a String nor hashed. A column holds few distinct texts per test
/// (a test id, seven categories, a few partners); past ``capacity`` the oldest entry is replaced.
private struct ColumnCodes {
    private static let capacity = 16
    private var entries: [(bytes: [UInt8], code: Int32)] = []
    private var lastHit = 0
    private var nextReplaced = 0

    mutating func code(of raw: UnsafeRawBufferPointer, in draft: inout ReportDraft) -> Int32 {
        if lastHit < entries.count, Self.equal(entries[lastHit].bytes, raw) { return entries[lastHit].code }
        for index in entries.indices where Self.equal(entries[index].bytes, raw) {
            lastHit = index
            return entries[index].code
        }
        let code = draft.code(for: String(decoding: raw, as: UTF8.self))
        if entries.count < Self.capacity {
            entries.append((Array(raw), code))
            lastHit = entries.count - 1
        } else {
            entries[nextReplaced] = (Array(raw), code)
            lastHit = nextReplaced
            nextReplaced = (nextReplaced + 1) % Self.capacity
        }
        return code
    }

    private static func equal(_ bytes: [UInt8], _ raw: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == raw.count else { return false }
        if raw.isEmpty { return true }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0 }
    }
}
