import CSQLite

extension Database {
    /// Writes a consistent copy of this database to `path` with SQLite's online backup API,
    /// while other connections keep reading and writing. See https://www.sqlite.org/backup.html
    ///
    /// The copy is written to `path` + ".partial" and renamed into place only when complete,
    /// so a failed backup never leaves a half-written file under the requested name.
    /// - Throws: ``SQLiteError``.
    public func backup(to path: String) throws {
        let partial = path + ".partial"
        _ = unlink(partial)
        do {
            let destination = try Database(
                path: partial, options: DatabaseOptions(access: .readWriteCreate, synchronous: .full, isWAL: false))
            guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
                throw destination.error(code: sqlite3_errcode(destination.handle), sql: nil)
            }
            var code: Int32
            repeat {
                code = sqlite3_backup_step(backup, 256)
                if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(10) }
            } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
            sqlite3_backup_finish(backup)
            guard code == SQLITE_DONE else {
                throw SQLiteError(code: ResultCode(rawValue: code), message: "backup failed", sql: nil)
            }
        }
        guard rename(partial, path) == 0 else {
            _ = unlink(partial)
            throw SQLiteError(code: .SQLITE_CANTOPEN, message: "could not move the backup into \(path)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
