import Foundation
import GisementServer
import GisementShared

/// A real server on 127.0.0.1, port 0, in this process, with a fresh database and one token per role.
///
/// The store is the one ``StoreEngine/current`` says: a SQLite file in ``folder``, or with
/// `GISEMENT_TEST_STORE=postgres` a fresh database of the throwaway cluster.
final class LiveAPIServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let server: RunningServer
    let tokens: [Role: String]
    let accessLog: LogRecorder
    /// What `--db` names to reach the store: the file's path or the database's URL.
    let database: String

    private init(
        folder: TemporaryFolder, server: RunningServer, tokens: [Role: String], accessLog: LogRecorder, database: String
    ) {
        self.folder = folder
        self.server = server
        self.tokens = tokens
        self.accessLog = accessLog
        self.database = database
    }

    /// Starts a server; `adjust` may change the configuration first.
    static func start(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) async throws -> LiveAPIServer {
        let folder = TemporaryFolder("live")
        let recorder = LogRecorder()
        let database = try StoreEngine.current.database(in: folder)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        StoreEngine.use(database, in: &configuration)
        configuration.accessLogger = Logger(label: "test.access", level: .info, sink: .memory(recorder))
        adjust(&configuration)
        let server = try await GisementServerApp.start(configuration)
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await StoreEngine.addToken(server.store, name: "\(role)-token", role: role)
        }
        return LiveAPIServer(folder: folder, server: server, tokens: tokens, accessLog: recorder, database: database)
    }

    /// Stores a new token in the server's store and returns its text.
    func addToken(name: String, role: Role, scope: Set<String>? = nil) async throws -> String {
        try await StoreEngine.addToken(server.store, name: name, role: role, scope: scope)
    }

    /// Revokes a token of the server's store.
    func revokeToken(name: String) async throws {
        try await StoreEngine.revokeToken(server.store, name: name)
    }

    /// A client with the token of `role` (nil: no token).
    func client(_ role: Role?) -> APIClient {
        APIClient(baseURL: server.baseURL, token: role.flatMap { tokens[$0] })
    }

    func stop() async { await server.stop() }
}
