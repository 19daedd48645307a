import Foundation
import GisementPostgres
@testable import GisementServer
import TestSupport
import Testing

/// The two engines a server store runs on, for tests that hold for both.
enum StoreEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty store: a file in `folder`, or a fresh database on the throwaway cluster.
    func open(_ folder: TemporaryFolder, clock: ServerClock = .system) throws -> any ServerStoring {
        switch self {
        case .sqlite: try ServerStore.open(path: folder.file("server.sqlite"), clock: clock, synchronous: .normal)
        case .postgres: try PostgresStore.open(url: PostgresURL(try PostgresCluster.shared().freshDatabase())!, clock: clock)
        }
    }

    /// Stores a token in either store; returns its text.
    static func addToken(
        _ store: any ServerStoring, name: String, role: Role, scope: Set<String>? = nil
    ) async throws -> String {
        let token = try AccessToken.generate()
        let digest = AccessToken.digest(of: token)
        let at = "2026-01-01T00:00:00Z"
        switch store {
        case let store as ServerStore:
            try await store.withWriteConnection { db in
                try TokenStore.add(db, name: name, role: role, digest: digest, at: at, scope: scope)
            }
        case let store as PostgresStore:
            try await store.withConnection { db in
                try PostgresTokens(db: db).add(name: name, role: role, digest: digest, at: at, scope: scope)
            }
        default:
            throw StoreKindMismatch()
        }
        return token
    }
}
