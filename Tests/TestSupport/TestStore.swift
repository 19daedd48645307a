import Foundation

/// Which store the server and end-to-end tests' servers run on: SQLite files (the default), or with
/// `GISEMENT_TEST_STORE=postgres` a fresh database of the throwaway cluster for each server
/// (``PostgresCluster/shared()``; `GISEMENT_TEST_POSTGRES_URL` names an existing server instead).
public enum TestStore {
    public static var isPostgres: Bool { ProcessInfo.processInfo.environment["GISEMENT_TEST_STORE"] == "postgres" }
}
