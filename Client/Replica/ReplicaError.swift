import GisementShared

/// Why the replica store refused an operation or could not use its file. Errors of the SQLite
/// layer are classified by ``classified(_:path:)`` into the storage codes below (opening and
/// creating a replica throw nothing else), so that the command line turns each into a sentence
/// and an exit status without knowing SQLite.
public struct ReplicaError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// No replica file at the path: `gisement init` has not been run.
        case missingReplica
        /// `init` on a file that already holds a replica.
        case alreadyInitialized
        /// The file is a Gisement replica whose setup never finished (no meta row).
        case notInitialized
        /// No record (or no outbox change) with that id or dot.
        case notFound
        /// A value or id the store refuses.
        case invalid
        /// A write this replica's token could not send (its role or its scope).
        case forbidden
        /// Another process holds the file (`SQLITE_BUSY`, `SQLITE_LOCKED`).
        case busy
        /// The disk is full.
        case diskFull
        /// The file is damaged: SQLite says so (`SQLITE_CORRUPT`), or it holds something this
        /// version cannot read back (`detail` says what); never read as a default.
        case damaged
        /// The file or its folder cannot be written.
        case readOnly
        /// The file cannot be opened (a missing folder, no permission).
        case cannotOpen
        /// The file is not an SQLite database at all.
        case notADatabase
        /// An SQLite database of another program.
        case foreignFile
        /// A replica written by a newer version of Gisement; `message` names the unknown migration.
        case newerVersion
        /// Any other failure of the storage layer; `message` is its reason.
        case storage
    }

    public var code: Code
    public var path: String?
    /// What went wrong; for the storage codes, the SQLite layer's reason.
    public var message: String
    /// What could not be read, in the user's language, for a damaged file (`message` holds it in English).
    public var detail: CatalogueMessage?

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { message }

    /// A file that is a replica whose setup never finished: it has no `replica_meta` row.
    static func notInitialized(_ path: String) -> ReplicaError {
        ReplicaError(.notInitialized, "\(path) holds no replica yet", path: path)
    }
}
