import Foundation
import GisementClient
import Testing

/// The whole network as an unscoped replica exports it (kind → id → fields), and what a scope
/// holds of it, computed straight from the contract's definition: its districts; the tests of
/// those districts and the tests named; the districts of those tests; the collections,
/// participations and workshops of those tests; the partners they reference, and those the token created.
struct ScopeOracle {
    static let kinds = ["district", "partner", "test", "participation", "collection", "workshop"]
    var records: [String: [String: NSDictionary]]

    /// Everything `replica` holds.
    init(_ replica: Agent) throws {
        var records: [String: [String: NSDictionary]] = [:]
        for kind in Self.kinds { records[kind] = try replica.export(kind) }
        self.records = records
    }

    init(records: [String: [String: NSDictionary]]) { self.records = records }

    /// The restriction of the network to a scope.
    func restricted(tests named: Set<String>, districts: Set<String>, createdPartners: Set<String> = []) -> ScopeOracle {
        let allTests = records["test"] ?? [:]
        var tests = named
        for (id, test) in allTests where districts.contains(test["district"] as? String ?? "") { tests.insert(id) }
        var heldDistricts = districts
        for id in tests { if let district = allTests[id]?["district"] as? String { heldDistricts.insert(district) } }
        var out: [String: [String: NSDictionary]] = [:]
        var partners = createdPartners
        for kind in ["participation", "collection", "workshop"] {
            out[kind] = (records[kind] ?? [:]).filter { tests.contains($0.value["test"] as? String ?? "") }
            for record in out[kind]!.values { if let partner = record["partner"] as? String { partners.insert(partner) } }
        }
        out["test"] = allTests.filter { tests.contains($0.key) }
        out["district"] = (records["district"] ?? [:]).filter { heldDistricts.contains($0.key) }
        out["partner"] = (records["partner"] ?? [:]).filter { partners.contains($0.key) }
        return ScopeOracle(records: out)
    }

    /// Expects `replica` to hold exactly this, plus `extra` ids (records kept for unsent changes).
    func expectHeld(by replica: Agent, extra: [String: Set<String>] = [:], _ note: String = "",
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        for kind in Self.kinds {
            let held = try replica.export(kind)
            let expected = records[kind] ?? [:]
            let extraIDs = extra[kind] ?? []
            #expect(Set(held.keys).subtracting(extraIDs) == Set(expected.keys),
                    "\(note) \(replica.name) \(kind)s: held \(held.keys.sorted()), expected \(expected.keys.sorted())",
                    sourceLocation: sourceLocation)
            for (id, record) in expected where held[id] != nil {
                #expect(held[id] == record, "\(note) \(replica.name) \(kind) \(id) differs", sourceLocation: sourceLocation)
            }
        }
    }
}

/// A request through the real client transport, for the status and body of an answer.
enum RawRequest {
    static func send(_ server: ServerProcess, _ method: String, _ path: String, token: String, body: [UInt8] = [])
        throws -> (status: Int, json: [String: Any])
    {
        let transport = try URLSessionTransport(server: server.url)
        var request = SyncHTTPRequest(method: method, path: path, token: token)
        if !body.isEmpty {
            request = SyncHTTPRequest(method: method, path: path, body: body, token: token)
        }
        let response = try transport.send(request, timeout: 30)
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, json)
    }
}
