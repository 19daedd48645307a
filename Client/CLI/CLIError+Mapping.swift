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
                return .failure("No replica at \(error.path ?? path ?? "?"); run 'gisement init' first (or pass --db PATH).")
            case .notInitialized:
                return .failure("\(error.path ?? path ?? "?") holds no replica yet; run 'gisement init' first.")
            case .alreadyInitialized:
                return .failure(sentence(error.message) + " Use it as it is, or pass --db with another path.")
            case .notFound, .invalid:
                return .data(sentence(error.message))
            }
        }
        if let error = error as? MigrationError {
            return .data(sentence(error.description))
        }
        if let error = error as? ValidationError {
            return .data(sentence(error.description))
        }
        if let error = error as? SQLiteError {
            let where_ = path.map { " (\($0))" } ?? ""
            switch error.resultCode {
            case .SQLITE_NOTADB:
                return .data("\(path ?? "The file") is not a Gisement replica (not a SQLite database); pass --db with the right file.")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .failure("The replica\(where_) is busy with another gisement command; try again in a moment.")
            case .SQLITE_CANTOPEN:
                return .failure("Cannot open the replica\(where_): \(error.message); check the path and its permissions.")
            case .SQLITE_READONLY, .SQLITE_PERM:
                return .failure("The replica\(where_) cannot be written: \(error.message); check its permissions.")
            case .SQLITE_FULL:
                return .failure("The disk is full; free some space and try again.")
            case .SQLITE_CORRUPT:
                return .data("The replica\(where_) is damaged: \(error.message); restore it from a backup.")
            default:
                return .failure("Database error\(where_): \(error.message).")
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
