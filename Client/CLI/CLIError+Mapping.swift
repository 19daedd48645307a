import GisementCommandLine
import GisementShared

extension CLIError {
    /// Turns an error of a lower layer into one sentence and an exit status.
    ///
    /// - a missing replica: exit 1, "No replica at PATH; run 'gisement init' first (or pass --db)."
    /// - a file of another program, of a newer version, or not SQLite at all: exit 65.
    /// - a damaged file (SQLite says so, or it holds what cannot be read back): exit 65, naming
    ///   the file and what could not be read, and saying to restore it from a backup.
    /// - a value the schema refuses: exit 65.
    /// - a busy or failing database: exit 1.
    public static func from(_ error: any Error, path: String? = nil) -> CLIError {
        if let error = error as? CLIError { return error }
        if let error = ReplicaError.classified(error, path: path) as? ReplicaError {
            return from(error, path: path)
        }
        if let error = error as? ValidationError {
            return .data(sentence(error.description))
        }
        return .failure(sentence("\(error)"))
    }

    private static func from(_ error: ReplicaError, path: String?) -> CLIError {
        let file = error.path ?? path ?? "?"
        switch error.code {
        case .missingReplica:
            return .failure(localized("replica.missing", ["path": file]))
        case .notInitialized:
            return .failure(localized("replica.notInitialized", ["path": file]))
        case .alreadyInitialized:
            return .failure(
                localized(
                    "replica.alreadyInitialized",
                    ["path": file, "id": error.message.split(separator: " ").last.map(String.init) ?? "?"]))
        case .notFound, .invalid:
            return .data(sentence(error.message))
        case .forbidden:
            return CLIError(.refused, sentence(error.message))
        // Said here, not with `sentence(_:)`: the message starts with a file name, never capitalised.
        case .foreignFile:
            return .data(localized("replica.foreign", ["path": file]))
        case .newerVersion:
            return .data(localized("replica.newer", ["path": file, "migration": error.message]))
        case .notADatabase:
            return .data(localized("replica.notADatabase", ["path": file]))
        case .busy:
            return .failure(localized("replica.busy", ["path": file]))
        case .cannotOpen:
            return .failure(localized("replica.cannotOpen", ["path": file, "reason": error.message]))
        case .readOnly:
            return .failure(localized("replica.readOnly", ["path": file, "reason": error.message]))
        case .diskFull:
            return .failure(localized("replica.diskFull"))
        case .damaged:
            let reason = error.detail?.text() ?? error.message
            return .data(localized("replica.damaged", ["path": file, "reason": reason]))
        case .storage:
            return .failure(localized("replica.databaseError", ["path": file, "reason": error.message]))
        }
    }

    /// Capitalises the first letter and ends with a full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        var out = first.uppercased() + text.dropFirst()
        if !(out.hasSuffix(".") || out.hasSuffix("?") || out.hasSuffix("!")) { out += "." }
        return out
    }
}
