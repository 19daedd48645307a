import Foundation
import GisementSQLite
import TestSupport
import Testing

/// A `kill -9` in the middle of a large import leaves nothing of it or all of it, and a sound file.
@Suite struct ImportCrashTests {
    /// Rows in the file: 10,000 by default, 200,000 with GISEMENT_HEAVY_TESTS=1.
    static let rowCount = ProcessInfo.processInfo.environment["GISEMENT_HEAVY_TESTS"] == "1" ? 200_000 : 10_000

    static func writeCSV(_ path: String, testID: String, rows: Int) throws {
        var text = "test,category,item,items,weight_kg,source,condition,collected_at\n"
        text.reserveCapacity(rows * 90)
        let categories = ["electrical", "textiles", "furniture", "books-media", "leisure", "tools"]
        for i in 0..<rows {
            text += "\(testID),\(categories[i % categories.count]),item \(i),\(1 + i % 3),\(Double(i % 50) / 4),"
            text += "door-to-door,reusable,2026-03-\(10 + i % 18)T\(10 + i % 9):00:00Z\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func count(_ database: String, _ sql: String) throws -> Int64 {
        let db = try Database(path: database, options: DatabaseOptions(access: .readOnly))
        return try db.scalar(sql: sql)?.integerValue ?? -1
    }

    @Test(.timeLimit(.minutes(5)))
    func kill9DuringImport_leavesNothingOrEverything() throws {
        let reference = try FieldReplica.make()
        let csv = reference.folder.file("big.csv")
        try Self.writeCSV(csv, testID: "Bellevue spring", rows: Self.rowCount)

        // A full import, to know how long it takes and what "everything" is.
        let start = Date()
        try reference.must(["import", "collections", csv])
        let fullTime = Date().timeIntervalSince(start)
        let fullOutbox = try Self.count(reference.database, "SELECT coalesce(sum(count), 0) FROM outbox")

        for fraction in [0.5, 0.85] {
            let victim = try FieldReplica.make()
            let baseOutbox = try Self.count(victim.database, "SELECT coalesce(sum(count), 0) FROM outbox")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: GisementBinary.path)
            process.arguments = ["--db", victim.database, "import", "collections", csv]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: fullTime * fraction)
            kill(process.processIdentifier, SIGKILL)
            #expect(ChildProcess.waitForExit(process, timeout: 60) != nil)

            let db = try Database(path: victim.database, options: DatabaseOptions(access: .readWrite))
            #expect(try db.scalar(sql: "PRAGMA integrity_check")?.textValue == "ok")
            let collections = try db.scalar(sql: "SELECT count(*) FROM collections")?.integerValue ?? -1
            let versions = try db.scalar(sql: "SELECT count(*) FROM field_versions v JOIN records r ON r.key = v.record WHERE r.kind = 5")?.integerValue ?? -1
            let outbox = try db.scalar(sql: "SELECT coalesce(sum(count), 0) FROM outbox")?.integerValue ?? -1
            let counter = try db.scalar(sql: "SELECT counter FROM replica_meta")?.integerValue ?? -1
            #expect(collections == 0 || collections == Int64(Self.rowCount), "collections: \(collections)")
            if collections == 0 {
                #expect(versions == 0)
                #expect(outbox == baseOutbox)
            } else {
                #expect(outbox == fullOutbox)
            }
            #expect(counter == outbox, "the counter matches the outbox")
            // The replica still works after the crash.
            #expect(try victim.run(["status"]).status == 0)
        }
    }
}
