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
        var reader = CollectionRowReader(statement: statement, shift: test == nil ? 0 : -1)
        while try statement.step() {
            draft.add(reader.collection(test: testCode, draft: &draft))
        }
    }
}

/// Reads the current row of a report query as a ``CodedCollection``: the columns are those of
/// ``CodedCollection/fieldNames``, less `test` when the query is filtered by test (`shift` -1).
private struct CollectionRowReader {
    let statement: Statement
    let shift: Int32
    private var test = ColumnCodes()
    private var district = ColumnCodes()
    private var partner = ColumnCodes()
    private var category = ColumnCodes()
    private var source = ColumnCodes()
    private var outcome = ColumnCodes()

    init(statement: Statement, shift: Int32) {
        self.statement = statement
        self.shift = shift
    }

    mutating func collection(test testCode: Int32?, draft: inout ReportDraft) -> CodedCollection {
        let statement = self.statement
        return CodedCollection(
            test: testCode ?? Self.code(statement, 0 + shift, &test, &draft),
            district: Self.code(statement, 1 + shift, &district, &draft),
            partner: Self.code(statement, 2 + shift, &partner, &draft),
            category: Self.code(statement, 3 + shift, &category, &draft),
            source: Self.code(statement, 4 + shift, &source, &draft),
            outcome: Self.code(statement, 5 + shift, &outcome, &draft),
            items: statement.value(at: 6 + shift).integerValue, weightKg: statement.value(at: 7 + shift).doubleValue,
            soldItems: statement.value(at: 8 + shift).integerValue,
            collectedAt: statement.value(at: 9 + shift).textValue.flatMap(ZonedDateTime.init)?.epochSeconds,
            isDeleted: statement.value(at: 10 + shift).doubleValue == 1)
    }

    /// The code of a text column. SQLite gives no pointer for NULL and for '' alike, so the
    /// column's type is asked only then (one call less per column on the common path).
    private static func code(
        _ statement: Statement, _ column: Int32, _ codes: inout ColumnCodes, _ draft: inout ReportDraft
    ) -> Int32 {
        statement.withBlob(at: column) { raw in
            if raw.baseAddress == nil, statement.isNull(at: column) { return CodedCollection.missing }
            return codes.code(of: raw, in: &draft)
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
