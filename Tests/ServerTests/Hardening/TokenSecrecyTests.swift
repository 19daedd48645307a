import Foundation
import GisementShared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import GisementServer

/// Tokens are never written anywhere but to the one who asked: not to the database, not to its
/// WAL, not to the server's log, even at trace level and after every token has been used, refused
/// and revoked.
@Suite(.serialized, .disabled(if: TestStore.isPostgres, "it reads the SQLite file and its WAL for the tokens"))
struct TokenSecrecyTests {
    @Test func issuedTokens_appearNowhere_onlyTheirDigests() async throws {
        let folder = TemporaryFolder("secrecy")
        let db = folder.file("server.sqlite")
        var tokens: [String: String] = [:]
        for (name, role) in [("admin-1", "admin"), ("coord-1", "coordinator"), ("agent-1", "agent"), ("agent-2", "agent")] {
            let add = try await ServerBinary.run(["token", "add", name, "--role", role, "--db", db])
            #expect(add.status == 0, "\(add.stderr)")
            tokens[name] = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for token in tokens.values {
            #expect(AccessToken.isWellFormed(token), "\(token)")
            #expect(token.utf8.count - AccessToken.prefix.utf8.count == 43, "43 base64url characters hold 256 bits")
        }
        let stderrPath = folder.file("serve.err")
        // LOG_LEVEL=trace, so that every log line the server can write is written.
        let server = try await ServerProcess.start(
            database: db, stderrPath: stderrPath, environment: ["LOG_LEVEL": "trace"])
        let baseURL = server.baseURL
        for (name, token) in tokens.sorted(by: { $0.key < $1.key }) {
            // A replica id belongs to the token that first pushed under it: one per token.
            var maker = ChangeMaker(replica: "r-secret-\(name)")
            let client = APIClient(baseURL: baseURL, token: token)
            let push = try await client.push(maker.partners(3, prefix: name), replica: "r-secret-\(name)")
            #expect(push.status == 200)
            for path in ["/v1/changes?since=0", "/v1/replicas/r-secret", "/v1/records/district/d", "/v1/merges", "/v1/sessions"] {
                _ = try await client.get(path)
            }
            // The same token under a wrong scheme, with a typo, and with extra text: all refused.
            let anonymous = APIClient(baseURL: baseURL)
            for header in ["Basic \(token)", "Bearer \(token)x", "Bearer \(token) extra", "Token \(token)"] {
                let status = try await anonymous.send("GET", "/v1/changes", headers: ["Authorization": header]).status
                #expect(status == 401 || status == 429, "refused, and after a burst limited")
            }
        }
        let revoke = try await ServerBinary.run(["token", "revoke", "agent-2", "--db", db])
        #expect(revoke.status == 0)
        #expect([401, 429].contains(try await APIClient(baseURL: baseURL, token: tokens["agent-2"]).get("/v1/changes").status))
        try await Task.sleep(for: .milliseconds(200))  // let the session rows reach the WAL

        // While serving: the WAL holds the recent writes. After a kill -9 it is left as it was.
        let files = [db, db + "-wal", db + "-shm", stderrPath]
        let snapshot = files.map { FileManager.default.contents(atPath: $0) ?? Data() }
        #expect(snapshot[1].count > 0, "the WAL was inspected while it held data")
        _ = await server.stop(signal: SIGKILL)
        let afterKill = files.map { FileManager.default.contents(atPath: $0) ?? Data() }
        let log = String(decoding: afterKill[3], as: UTF8.self)
        #expect(log.contains("GET /v1/changes"), "the request log was written at trace level")

        for (name, token) in tokens {
            let text = Data(token.utf8)
            let secret = Data(token.utf8.dropFirst(AccessToken.prefix.utf8.count))
            for (path, content) in zip(files + files, snapshot + afterKill) {
                #expect(content.range(of: text) == nil, "token \(name) found in \(path)")
                #expect(content.range(of: secret) == nil, "the secret part of token \(name) found in \(path)")
            }
            // The digest is what the database keeps: the search above looked at the right bytes.
            let digest = Data(AccessToken.digest(of: token))
            #expect(afterKill[0].range(of: digest) != nil || afterKill[1].range(of: digest) != nil, "digest of \(name)")
        }
    }
}
