import GisementShared
import GisementSQLite

extension CLIError {
    /// Turns an error of a lower layer into one sentence and an exit status.
    ///
    /// - a missing replica: exit 1, "No replica at PATH; run 'gisement init' first (or pass --db)."
    /// - a file of another program, of a newer version, or not SQLite at all: exit 65.
    /// - a value the schema refuses: exit 65.
    /// - a busy or failing database: exit 1.
    public static func from(_ error: any Error, path: String? = nil) -> CLIError {
        if let error = error as? CLIError { return error }
        if let error = error as? ReplicaError {
            switch error.code {
            case .missingReplica:
                return .failure(localized("replica.missing", ["path": error.path ?? path ?? "?"]))
            case .notInitialized:
                return .failure(localized("replica.notInitialized", ["path": error.path ?? path ?? "?"]))
            case .alreadyInitialized:
                return .failure(
                    localized(
                        "replica.alreadyInitialized",
                        ["path": error.path ?? path ?? "?", "id": error.message.split(separator: " ").last.map(String.init) ?? "?"]))
            case .notFound, .invalid:
                return .data(sentence(error.message))
            case .forbidden:
                return CLIError(.refused, sentence(error.message))
            }
        }
        if let error = error as? MigrationError {
            // Said here, not with `sentence(_:)`: the message starts with a file name, never capitalised.
            switch error {
            case .foreignDatabase(let path, _):
                return .data(localized("replica.foreign", ["path": path]))
            case .newerSchema(let path, let unknown):
                return .data(localized("replica.newer", ["path": path, "migration": unknown.first ?? "?"]))
            case .duplicateMigration:
                return .failure(sentence(error.description))
            }
        }
        if let error = error as? ValidationError {
            return .data(sentence(error.description))
        }
        if let error = error as? SQLiteError {
            let file = path ?? "?"
            switch error.resultCode {
            case .SQLITE_NOTADB:
                return .data(localized("replica.notADatabase", ["path": file]))
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .failure(localized("replica.busy", ["path": file]))
            case .SQLITE_CANTOPEN:
                return .failure(localized("replica.cannotOpen", ["path": file, "reason": error.message]))
            case .SQLITE_READONLY, .SQLITE_PERM:
                return .failure(localized("replica.readOnly", ["path": file, "reason": error.message]))
            case .SQLITE_FULL:
                return .failure(localized("replica.diskFull"))
            case .SQLITE_CORRUPT:
                return .data(localized("replica.damaged", ["path": file, "reason": error.message]))
            default:
                return .failure(localized("replica.databaseError", ["path": file, "reason": error.message]))
            }
        }
        return .failure(sentence("\(error)"))
    }

    /// Capitalises the first letter and ends with a full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        var out = first.uppercased() + text.dropFirst()
        if !(out.hasSuffix(".") || out.hasSuffix("?") || out.hasSuffix("!")) { out += "." }
        return out
    }
}
