import Testing

@testable import GisementSQLite

@Suite struct MultiRowInsertTests {
    /// Rows of (number, text) with texts of every awkward size: empty, multi-byte, and larger than
    /// one block of the text arena (those fall back to SQLite's own copy).
    static func rows(_ count: Int) -> [(Int64, String)] {
        (0..<count).map { i in
            let text: String
            switch i % 5 {
            case 0: text = ""
            case 1: text = "é\(i)"
            case 2: text = String(repeating: "x", count: 70_000 + i)
            case 3: text = String(repeating: "ab", count: 20_000)
            default: text = "row \(i)"
            }
            return (Int64(i), text)
        }
    }

    @Test(arguments: [1, 15, 16, 17, 40, 100])
    func run_insertsEveryRow_inOrder_withTheirTexts(count: Int) throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT NOT NULL, v)")
        let rows = Self.rows(count)
        let insert = MultiRowInsert(database: db, head: "INSERT INTO t (n, s, v)", columns: 3)
        try insert.run(rows: rows.count) { i, values in
            values.bind(int64: rows[i].0)
            values.bind(text: rows[i].1)
            try values.bind(i % 2 == 0 ? .null : .real(Double(i) / 4))
        }
        let stored = try db.query(sql: "SELECT n, s, v FROM t ORDER BY n")
        #expect(stored.count == count)
        for (i, row) in stored.enumerated() {
            #expect(row[0].integerValue == Int64(i))
            #expect(row[1].textValue == rows[i].1, "row \(i) kept its text")
            #expect(row[2] == (i % 2 == 0 ? .null : .real(Double(i) / 4)))
        }
    }

    @Test func run_again_reusesTheArena_withoutMixingTexts() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT NOT NULL)")
        let insert = MultiRowInsert(database: db, head: "INSERT INTO t (n, s)", columns: 2)
        for round in 0..<50 {
            try insert.run(rows: 20) { i, values in
                values.bind(int64: Int64(round * 100 + i))
                values.bind(text: String(repeating: Character(UnicodeScalar(UInt8(65 + round % 26))), count: 5_000 + i))
            }
        }
        let stored = try db.query(sql: "SELECT n, s FROM t ORDER BY n")
        #expect(stored.count == 1000)
        for row in stored {
            let n = Int(row[0].integerValue ?? -1)
            let letter = Character(UnicodeScalar(UInt8(65 + (n / 100) % 26)))
            #expect(row[1].textValue == String(repeating: letter, count: 5_000 + n % 100), "row \(n) kept its own text")
        }
    }

    @Test func run_failure_throwsSQLiteError_andLeavesTheStatementUsable() throws {
        let folder = TemporaryFolder()
        let db = try Database(path: folder.file("a.sqlite"))
        try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT NOT NULL)")
        let insert = MultiRowInsert(database: db, head: "INSERT INTO t (n, s)", columns: 2)
        try insert.run(rows: 2) { i, values in
            values.bind(int64: Int64(i))
            values.bind(text: "first")
        }
        #expect(throws: SQLiteError.self) {
            try insert.run(rows: 2) { i, values in
                values.bind(int64: 1)  // both rows collide with row 1
                values.bind(text: "again")
            }
        }
        try insert.run(rows: 3) { i, values in
            values.bind(int64: Int64(10 + i))
            values.bind(text: "later")
        }
        #expect(try db.scalar(sql: "SELECT count(*) FROM t")?.integerValue == 5)
        #expect(try db.scalar(sql: "SELECT count(*) FROM t WHERE s = 'again'")?.integerValue == 0)
    }
}
