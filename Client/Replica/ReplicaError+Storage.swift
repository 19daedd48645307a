import GisementSQLite

extension ReplicaError {
    /// `error` as a ``ReplicaError`` when it comes from the SQLite layer (``SQLiteError``,
    /// ``MigrationError``) on the replica at `path`; any other error unchanged.
    public static func classified(_ error: any Error, path: String?) -> any Error {
        switch error {
        case let error as MigrationError:
            switch error {
            case .foreignDatabase(let file, _):
                return ReplicaError(.foreignFile, error.description, path: file)
            case .newerSchema(let file, let unknown):
                return ReplicaError(.newerVersion, unknown.first ?? "?", path: file)
            case .duplicateMigration:
                return ReplicaError(.storage, error.description, path: path)
            }
        case let error as SQLiteError:
            return ReplicaError(code(of: error.resultCode), error.message, path: path)
        default:
            return error
        }
    }

    private static func code(of resultCode: ResultCode) -> Code {
        switch resultCode {
        case .SQLITE_NOTADB: return .notADatabase
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy
        case .SQLITE_CANTOPEN: return .cannotOpen
        case .SQLITE_READONLY, .SQLITE_PERM: return .readOnly
        case .SQLITE_FULL: return .diskFull
        case .SQLITE_CORRUPT: return .damaged
        default: return .storage
        }
    }
}
