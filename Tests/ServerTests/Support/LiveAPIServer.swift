import Foundation
import GisementServer
import GisementShared

/// A real server on 127.0.0.1, port 0, in this process, with a fresh database and one token per role.
final class LiveAPIServer: @unchecked Sendable {
    let folder: TemporaryFolder
    let server: RunningServer
    let tokens: [Role: String]
    let accessLog: LogRecorder

    var databasePath: String { folder.file("server.sqlite") }

    private init(folder: TemporaryFolder, server: RunningServer, tokens: [Role: String], accessLog: LogRecorder) {
        self.folder = folder
        self.server = server
        self.tokens = tokens
        self.accessLog = accessLog
    }

    /// Starts a server; `adjust` may change the configuration first.
    static func start(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) async throws -> LiveAPIServer {
        let folder = TemporaryFolder("live")
        let recorder = LogRecorder()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, databasePath: folder.file("server.sqlite"))
        configuration.accessLogger = Logger(label: "test.access", level: .info, sink: .memory(recorder))
        adjust(&configuration)
        let server = try await GisementServerApp.start(configuration)
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await LiveAPIServer.addToken(server.sqliteStore, name: "\(role)-token", role: role)
        }
        return LiveAPIServer(folder: folder, server: server, tokens: tokens, accessLog: recorder)
    }

    /// Stores a new token and returns its text.
    static func addToken(_ store: ServerStore, name: String, role: Role) async throws -> String {
        let token = try AccessToken.generate()
        let digest = AccessToken.digest(of: token)
        try await store.withWriteConnection { db in
            try TokenStore.add(db, name: name, role: role, digest: digest, at: "2026-01-01T00:00:00Z")
        }
        return token
    }

    /// A client with the token of `role` (nil: no token).
    func client(_ role: Role?) -> APIClient {
        APIClient(baseURL: server.baseURL, token: role.flatMap { tokens[$0] })
    }

    func stop() async { await server.stop() }
}
