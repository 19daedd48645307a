import Foundation

/// A small network made by an unscoped coordinator ("boss"): three districts, four tests, three
/// partners, a participation and collections in every test, some with a partner.
struct ScopedNetwork {
    let cluster: Cluster
    let boss: Agent
    var districts: [String: String] = [:]
    var tests: [String: String] = [:]
    var partners: [String: String] = [:]
    var collections: [String: [String]] = [:]

    init() throws {
        cluster = try Cluster()
        boss = try cluster.agent("boss")
        for name in ["Nord", "Sud", "Est"] { districts[name] = try boss.ok(["district", "add", name]) }
        for (name, district) in [("Nord-1", "Nord"), ("Nord-2", "Nord"), ("Sud-1", "Sud"), ("Est-1", "Est")] {
            tests[name] = try boss.ok(["test", "create", name, "--district", districts[district]!])
        }
        for name in ["Emmaus", "Mairie", "Bailleur"] {
            partners[name] = try boss.ok(["partner", "add", name, "--kind", "association"])
        }
        try boss.ok(["test", "add-partner", tests["Nord-1"]!, partners["Emmaus"]!, "--role", "collector"])
        for (test, partner) in [("Nord-1", "Mairie"), ("Nord-1", nil), ("Nord-2", nil), ("Sud-1", "Bailleur"), ("Sud-1", nil),
                                ("Est-1", nil)] {
            var words = ["log", "--test", tests[test]!, "--category", "leisure", "--item", "bike", "--kg", "3"]
            if let partner { words += ["--partner", partners[partner]!] }
            collections[test, default: []].append(try boss.ok(words))
        }
        for test in ["Nord-1", "Sud-1"] {
            try boss.ok(["workshop", "add", "--test", tests[test]!, "--on", "2026-03-14", "--topic", "bikes"])
        }
        try boss.sync()
    }

    /// The network as the server holds it (the boss syncs first).
    func oracle() throws -> ScopeOracle {
        try boss.sync()
        return try ScopeOracle(boss)
    }

    /// The boss writes and syncs, so that the server holds the edit.
    func edit(_ arguments: [String]) throws {
        try boss.ok(arguments)
        try boss.sync()
    }

    /// `gisement-server ARGS`, which must succeed.
    func server(_ arguments: [String]) throws {
        let result = try cluster.server.command(arguments)
        guard result.status == 0 else { throw ServerFailure(message: "gisement-server \(arguments): \(result)") }
    }
}
