import Foundation
import Testing

/// A server and its agents in one temporary folder: the setting of every end-to-end test.
final class Cluster {
    let folder = TemporaryFolder()
    let server: ServerProcess
    let adminToken: String
    private var agentCount = 0

    /// `serverExecutable` serves with another build (the previous release); `database` is a
    /// `postgres://` URL to serve from instead of a file.
    init(serverExecutable: String? = nil, database: String? = nil) throws {
        server = try ServerProcess(folder: folder, executable: serverExecutable, database: database)
        adminToken = try server.token("admin", role: "admin")
        try server.start()
    }

    /// A new agent with its own token and replica, initialised against the server. The token is a
    /// coordinator's unless said: most tests make their own districts and tests, which an agent's
    /// token may not write (contract "Scopes"). It syncs `through` another server on the same
    /// database when given.
    func agent(_ name: String, role: String = "coordinator", scope: [String] = [], through: ServerProcess? = nil) throws
        -> Agent
    {
        let token = try server.token(name, role: role, scope: scope)
        var agent = try Agent(name, folder: folder)
        agent.token = token
        try agent.ok(["init", "--agent", name, "--server", (through ?? server).url, "--token", token])
        return agent
    }

    /// Checks that every agent holds the same records as the others and as the server.
    ///
    /// `export KIND --format json` of each replica is compared with the others; every record
    /// (the exported ones and `alsoIDs`, e.g. deleted ones) is compared with `GET /v1/records`.
    func expectConverged(_ agents: [Agent], alsoIDs: [String: [String]] = [:], sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        for kind in ["district", "partner", "test", "participation", "collection", "workshop"] {
            let exports = try agents.map { try $0.export(kind) }
            for (agent, export) in zip(agents, exports).dropFirst() {
                #expect(export == exports[0], "\(agent.name) differs from \(agents[0].name) on \(kind)s", sourceLocation: sourceLocation)
            }
            let ids = Set(exports[0].keys).union(alsoIDs[kind] ?? [])
            for id in ids {
                let record = try server.get("/v1/records/\(kind)/\(id)", token: adminToken) as? [String: Any] ?? [:]
                let deleted = record["deleted"] as? Bool ?? false
                var fields = (record["fields"] as? [String: Any] ?? [:]).filter { !($0.value is NSNull) }
                fields["deleted"] = nil
                fields["id"] = id
                if deleted {
                    #expect(exports[0][id] == nil, "\(kind) \(id) is deleted on the server", sourceLocation: sourceLocation)
                } else {
                    #expect(exports[0][id] == NSDictionary(dictionary: fields), "\(kind) \(id) differs from the server", sourceLocation: sourceLocation)
                }
            }
        }
    }
}
