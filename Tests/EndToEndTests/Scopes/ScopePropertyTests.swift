import Foundation
import Testing
import TestSupport

/// Random scopes and scope changes over random histories (collections logged and moved between
/// tests, tests moved between districts, new tests and partners): after each sync, every scoped
/// replica holds exactly the restriction of the server to its token's scope.
///
/// The quick form (one history of 14 steps) runs in CI; `GISEMENT_SCOPE_RUNS=N` runs N histories,
/// `GISEMENT_SCOPE_SEED=S` replays the one a failure printed.
@Suite(.serialized) struct ScopePropertyTests {
    static var seeds: [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["GISEMENT_SCOPE_SEED"], let seed = UInt64(text) { return [seed] }
        let runs = environment["GISEMENT_SCOPE_RUNS"].flatMap { Int($0) }.map { max(1, $0) } ?? 1
        return (0..<UInt64(runs)).map { 0x5C0_9E00 &+ $0 * 7919 }
    }

    /// A token's scope as the test tracks it: nil for the whole network.
    struct Scope {
        var tests: Set<String>
        var districts: Set<String>
    }

    @Test(arguments: seeds)
    func randomScopesAndHistories_everyReplicaEqualsTheServerRestrictedToItsScope(seed: UInt64) throws {
        print("ScopePropertyTests seed \(seed) (replay with GISEMENT_SCOPE_SEED=\(seed))")
        var random = SplitMix64(seed: seed)
        let net = try ScopedNetwork()
        var districtIDs = Array(net.districts.values).sorted()
        var testIDs = Array(net.tests.values).sorted()
        var partnerIDs = Array(net.partners.values).sorted()
        var collectionIDs = net.collections.values.flatMap { $0 }.sorted()
        func pick(_ ids: [String]) -> String { ids[random.below(ids.count)] }

        var replicas: [(agent: Agent, scope: Scope?)] = []
        for (index, role) in ["agent", "coordinator", "agent"].enumerated() {
            var scope = Scope(tests: [], districts: [])
            var words: [String] = []
            for _ in 0..<(1 + random.below(2)) {
                if random.below(2) == 0 {
                    let test = pick(testIDs)
                    scope.tests.insert(test)
                    words += ["--test", test]
                } else {
                    let district = pick(districtIDs)
                    scope.districts.insert(district)
                    words += ["--district", district]
                }
            }
            let agent = try net.cluster.agent("s\(index)", role: role, scope: words)
            replicas.append((agent, scope))
        }

        func check(_ index: Int, _ step: Int) throws {
            let all = try net.oracle()
            let (agent, scope) = replicas[index]
            try agent.sync()
            let expected = scope.map { all.restricted(tests: $0.tests, districts: $0.districts) } ?? all
            try expected.expectHeld(by: agent, "seed \(seed) step \(step):")
        }

        for index in replicas.indices { try check(index, 0) }
        let steps = 14
        for step in 1...steps {
            switch random.below(7) {
            case 0:
                var words = ["log", "--test", pick(testIDs), "--category", "tools", "--kg", "\(1 + random.below(9))"]
                if random.below(2) == 0 { words += ["--partner", pick(partnerIDs)] }
                collectionIDs.append(try net.boss.ok(words))
                try net.boss.sync()
            case 1:
                try net.edit(["set", pick(collectionIDs), "test=\(pick(testIDs))"])
            case 2:
                try net.edit(["set", pick(testIDs), "district=\(pick(districtIDs))"])
            case 3:
                if random.below(2) == 0 {
                    let district = try net.boss.ok(["district", "add", "D\(step)"])
                    districtIDs.append(district)
                    testIDs.append(try net.boss.ok(["test", "create", "T\(step)", "--district", pick(districtIDs)]))
                } else {
                    let partner = try net.boss.ok(["partner", "add", "P\(step)", "--kind", "company"])
                    partnerIDs.append(partner)
                    try net.boss.ok(["test", "add-partner", pick(testIDs), partner, "--role", "funder"])
                }
                try net.boss.sync()
            case 4, 5:
                let index = random.below(replicas.count)
                let name = replicas[index].agent.name
                var scope = replicas[index].scope ?? Scope(tests: [], districts: [])
                switch random.below(5) {
                case 0:
                    let test = pick(testIDs)
                    scope.tests.insert(test)
                    try net.server(["token", "scope", name, "--add-test", test])
                case 1:
                    let district = pick(districtIDs)
                    scope.districts.insert(district)
                    try net.server(["token", "scope", name, "--add-district", district])
                case 2:
                    if let test = scope.tests.sorted().first {
                        scope.tests.remove(test)
                        try net.server(["token", "scope", name, "--remove-test", test])
                    }
                case 3:
                    if let district = scope.districts.sorted().first {
                        scope.districts.remove(district)
                        try net.server(["token", "scope", name, "--remove-district", district])
                    }
                default:
                    if random.below(3) == 0 {
                        try net.server(["token", "scope", name, "--all"])
                        replicas[index].scope = nil
                        try check(index, step)
                        continue
                    }
                }
                if replicas[index].scope != nil || !scope.tests.isEmpty || !scope.districts.isEmpty {
                    replicas[index].scope = scope
                }
                try check(index, step)
            default:
                try check(random.below(replicas.count), step)
            }
        }
        for index in replicas.indices { try check(index, steps + 1) }
    }
}
