import GisementSQLite
import GisementShared

@testable import GisementClient

extension ReplicaStore {
    /// Rewrites one pending change behind the store's back (as an old or broken client might
    /// have left it), so that tests can make the server refuse it.
    func rewritePendingChange(counter: UInt64, field: String? = nil, value: SQLValue) throws {
        try transaction {
            guard var entry = try Outbox(database: database).isolate(counter: counter) else {
                throw ReplicaError(.notFound, "no pending change \(counter)")
            }
            entry.value = value
            if let field { entry.field = field }
            try database.execute(
                sql: "UPDATE outbox SET changes = ?1 WHERE first = ?2",
                arguments: [.blob(OutboxBundle.encode([entry])), .integer(Int64(counter))])
        }
    }

    /// The counter of the current version of a field.
    func versionCounter(id: RecordID, field: String) throws -> UInt64? {
        try database.scalar(
            sql: "SELECT counter FROM field_versions WHERE record = (SELECT key FROM records WHERE id = ?1) AND field = ?2",
            arguments: [.text(id), .text(field)]
        )?.integerValue.map { UInt64($0) }
    }
}
