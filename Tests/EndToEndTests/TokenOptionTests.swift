import Foundation
import Testing

/// `GISEMENT_TOKEN` and `--token-file`, the alternatives to `--token` that keep the token out of
/// the process list.
@Suite(.serialized) struct TokenOptionTests {
    /// A replica that knows the server but no token.
    static func tokenless(_ cluster: Cluster, _ name: String) throws -> (Agent, String) {
        let token = try cluster.server.token(name, role: "coordinator")
        let agent = try Agent(name, folder: cluster.folder)
        try agent.ok(["init", "--server", cluster.server.url])
        try agent.ok(["district", "add", "Nord \(name)"])
        return (agent, token)
    }

    @Test func environmentToken_isUsed_butNotRemembered() throws {
        let cluster = try Cluster()
        let (agent, token) = try Self.tokenless(cluster, "env")
        let environment = ["GISEMENT_DB": agent.database, "GISEMENT_TOKEN": token]

        let withToken = try ChildProcess.run(agent.executable, ["sync"], environment: environment, in: cluster.folder.path)
        let without = try agent.run(["sync"])

        #expect(withToken.status == 0, "\(withToken)")
        #expect(withToken.stdout.contains("pushed 1"), "\(withToken)")
        #expect(without.status == 77, "\(without)")
        #expect(without.stderr.contains("has no token yet"), "\(without)")
    }

    @Test func tokenFile_isRead_trimmed_andRemembered() throws {
        let cluster = try Cluster()
        let (agent, token) = try Self.tokenless(cluster, "file")
        let file = cluster.folder.file("token.txt")
        try (token + "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let first = try agent.run(["sync", "--token-file", file])
        try agent.ok(["district", "add", "Sud"])
        let second = try agent.run(["sync"])

        #expect(first.status == 0, "\(first)")
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("pushed 1"), "\(second)")
        #expect(!first.stdout.contains(token) && !first.stderr.contains(token))
    }

    @Test func tokenFile_missingOrTogetherWithToken_isAUsageError() throws {
        let cluster = try Cluster()
        let (agent, token) = try Self.tokenless(cluster, "bad")
        let file = cluster.folder.file("token.txt")
        try token.write(toFile: file, atomically: true, encoding: .utf8)

        let missing = try agent.run(["sync", "--token-file", cluster.folder.file("nowhere.txt")])
        let both = try agent.run(["sync", "--token", token, "--token-file", file])
        let initFromFile = try Agent("init", folder: cluster.folder)
        let made = try initFromFile.run(["init", "--server", cluster.server.url, "--token-file", file])

        #expect(missing.status == 64, "\(missing)")
        #expect(missing.stderr.contains("nowhere.txt"), "\(missing)")
        #expect(both.status == 64, "\(both)")
        #expect(made.status == 0, "\(made)")
        #expect(try initFromFile.sync()["pushed"] as? Int == 0)
    }
}
