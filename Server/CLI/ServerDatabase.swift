import Foundation
import GisementPostgres
import GisementShared
import GisementSQLite
import GisementShared

/// Opens the server database for the command line, turning failures into one sentence.
enum ServerDatabase {
    /// Opens for writing, creating the file and its folder when missing, and migrates it.
    /// - Throws: ``ServerCommandError``: 65 for a file of another program or a newer version, 1 otherwise.
    static func openForWriting(_ path: String) throws -> Database {
        try PostgresDatabase.refuseFileCommand(path)
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let db = try Database(path: path, options: DatabaseOptions(access: .readWriteCreate, synchronous: .full))
            try ServerSchema.migrator().migrate(db)
            return db
        } catch {
            throw describe(error, path: path)
        }
    }

    /// Opens an existing database read-only; never creates or changes a file.
    /// - Throws: ``ServerCommandError``: 1 when there is no file, 65 for a file that is not a server database.
    static func openForReading(_ path: String) throws -> Database {
        try PostgresDatabase.refuseFileCommand(path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ServerCommandError.failure(localized("server.database.missing", ["path": path]))
        }
        do {
            let db = try Database(path: path, options: DatabaseOptions(access: .readOnly))
            let id = Int32(truncatingIfNeeded: try db.scalar(sql: "PRAGMA application_id")?.integerValue ?? 0)
            guard id == ServerSchema.applicationID else {
                throw MigrationError.foreignDatabase(path: path, applicationID: id)
            }
            if try ServerSchema.migrator().hasUnknownMigrations(db) {
                throw MigrationError.newerSchema(path: path, unknownMigrations: ["?"])
            }
            return db
        } catch {
            throw describe(error, path: path)
        }
    }

    /// The tokens of either store: a PostgreSQL URL or a database file.
    static func openTokenBook(_ path: String, writing: Bool) throws -> any TokenBook {
        if let url = PostgresURL(path) { return try PostgresDatabase.tokenBook(url) }
        return SQLiteTokenBook(db: writing ? try openForWriting(path) : try openForReading(path))
    }

    /// The merge and session logs of either store, read-only for a file.
    static func openLogs(_ path: String) throws -> any StoreSnapshot {
        if let url = PostgresURL(path) { return try PostgresDatabase.snapshot(url) }
        return try openForReading(path)
    }

    /// A damaged store (``StoreDamage``) exits 65 naming the file (or the redacted URL) and what
    /// could not be read, as the client says it of a damaged replica.
    static func describe(_ error: any Error, path: String) -> ServerCommandError {
        if let damage = error as? StoreDamage {
            let name = PostgresURL(path)?.redacted ?? path
            return .data(localized("server.damaged", ["path": name, "reason": damage.what.text()]))
        }
        if let url = PostgresURL(path) { return PostgresDatabase.describe(error, url: url) }
        switch error {
        case let error as ServerCommandError: return error
        // The client's messages for a file of another program or of a newer version say the same.
        case MigrationError.foreignDatabase(let path, _): return .data(localized("replica.foreign", ["path": path]))
        case MigrationError.newerSchema(let path, let unknown):
            return .data(localized("replica.newer", ["path": path, "migration": unknown.first ?? "?"]))
        case let error as MigrationError: return .data(sentence(error.description))
        case let error as SQLiteError where error.resultCode == .SQLITE_NOTADB:
            return .data(localized("server.database.notServer", ["path": path]))
        case let error as SQLiteError:
            return .failure(localized("server.database.unusable", ["path": path, "reason": error.message]))
        default:
            return .failure(localized("server.database.unusable", ["path": path, "reason": "\(error)"]))
        }
    }

    /// Capitalises the first letter and ends with a full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let body = first.uppercased() + text.dropFirst()
        return body.hasSuffix(".") ? body : body + "."
    }
}
