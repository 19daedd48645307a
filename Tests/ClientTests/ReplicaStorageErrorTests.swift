import Foundation
import GisementClient
import GisementCommandLine
import GisementSQLite
import Testing

/// SQLite's failures reach the command line as the replica's own error (``ReplicaError``), which
/// the command line turns into a sentence and an exit status without knowing SQLite.
@Suite struct ReplicaStorageErrorTests {
    @Test(arguments: [
        (ResultCode.SQLITE_BUSY, ReplicaError.Code.busy, GisementCommandLine.ExitStatus.failure, "is busy with another gisement command"),
        (.SQLITE_LOCKED, .busy, .failure, "is busy"), (.SQLITE_FULL, .diskFull, .failure, "disk"),
        (.SQLITE_CORRUPT, .damaged, .dataError, "is damaged: boom"), (.SQLITE_READONLY, .readOnly, .failure, "cannot be written: boom"),
        (.SQLITE_CANTOPEN, .cannotOpen, .failure, "boom"), (.SQLITE_NOTADB, .notADatabase, .dataError, "is not a Gisement replica"),
        (.SQLITE_IOERR, .storage, .failure, "boom"),
    ])
    func sqliteError_isClassified_andSaid(code: ResultCode, expected: ReplicaError.Code, status: GisementCommandLine.ExitStatus, text: String) {
        let error = SQLiteError(code: code, message: "boom")
        let classified = ReplicaError.classified(error, path: "/r.sqlite") as? ReplicaError
        #expect(classified?.code == expected)
        #expect(classified?.path == "/r.sqlite")
        let said = CLIError.from(error, path: "/r.sqlite")
        #expect(said.status == status)
        #expect(said.message.contains(text), "\(said.message)")
    }

    @Test func migrationErrors_areForeignOrNewer() {
        let foreign = CLIError.from(MigrationError.foreignDatabase(path: "/x.sqlite", applicationID: 7))
        #expect(foreign == .data("/x.sqlite is not a database of this program; give another path or move that file away."))
        let newer = CLIError.from(MigrationError.newerSchema(path: "/x.sqlite", unknownMigrations: ["0042-future"]))
        #expect(newer.status == .dataError && newer.message.contains("migration 0042-future"))
    }

    @Test func otherErrors_passThroughUnchanged() {
        struct Other: Error {}
        #expect(ReplicaError.classified(Other(), path: nil) is Other)
    }

    /// Through the binary: an SQLite file of another program is refused (65) and left as it was.
    @Test func sqliteFileOfAnotherProgram_isRefusedWithExit65() throws {
        let folder = TemporaryFolder()
        let path = folder.file("other.sqlite")
        try Database(path: path).execute(sql: "CREATE TABLE notes(text)")
        let result = try GisementBinary.run(["status"], database: path)
        #expect(result.status == 65)
        #expect(result.error == "Error: \(path) is not a database of this program; give another path or move that file away.\n")
    }
}
