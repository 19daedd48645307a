@testable import GisementServer

extension RunningServer {
    /// The SQLite store behind a server the tests started on a file, for what only it offers
    /// (its write connection).
    var sqliteStore: ServerStore {
        get throws {
            guard let store = store as? ServerStore else { throw StoreKindMismatch() }
            return store
        }
    }
}

/// A test asked for the SQLite store of a server that runs on another.
struct StoreKindMismatch: Error {}
