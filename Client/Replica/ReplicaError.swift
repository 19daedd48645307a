import GisementShared

/// Why the replica store refused an operation. Errors of the SQLite layer (``SQLiteError``,
/// ``MigrationError``) pass through unchanged; the command line turns each into a sentence
/// and an exit status.
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
    }

    public var code: Code
    public var path: String?
    public var message: String

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { message }
}
