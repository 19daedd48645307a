import Foundation
import TestSupport

/// PostgreSQL for `--store postgres` and the servers scenario: the tests' throwaway cluster
/// (``PostgresCluster``: `initdb` in a temporary folder, as the `postgres` user under root, a free
/// loopback port, stopped and removed when the bench exits), or the server named by
/// `GISEMENT_TEST_POSTGRES_URL`. Each measurement takes a fresh, empty database on it.
enum BenchPostgres {
    /// A new, empty database; its `postgresql://` URL for `gisement-server --db`.
    /// - Throws: ``BenchFailure`` when no cluster can be started (PostgreSQL not installed).
    static func freshDatabase() throws -> String {
        do {
            return try PostgresCluster.shared().freshDatabase()
        } catch {
            throw BenchFailure("no PostgreSQL to measure on: \(error)")
        }
    }
}
