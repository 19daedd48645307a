import Foundation
import Testing

/// `gisement sync` through a proxy that breaks the connection at every byte of an answer and at
/// several bytes of a request: the command never crashes, fails within seconds with exit 69 and
/// "nothing was lost", and a later sync straight to the server brings everything across.
@Suite(.serialized) struct BrokenConnectionTests {
    /// What one failed or passed run through the proxy showed.
    struct Run {
        var offset: Int
        var result: CommandResult
        var seconds: Double
    }

    /// Runs `gisement sync` on `agent` and times it.
    static func timedSync(_ agent: Agent, offset: Int, _ extra: [String] = []) throws -> Run {
        let start = Date()
        let result = try agent.run(["sync"] + extra, timeout: 90)
        return Run(offset: offset, result: result, seconds: Date().timeIntervalSince(start))
    }

    /// The push's answer cut at each of its first 300 bytes, once per run: the retry goes through,
    /// the run ends with 0 and nothing is pushed twice or lost. FoundationNetworking 6.3 killed the
    /// process (SIGILL, exit 132) for every cut inside the headers.
    @Test func pushAnswerCutAtEveryByte_retriedWithoutCrash_nothingLost() throws {
        let cluster = try Cluster()
        let lanes = 6
        var agents: [Agent] = []
        var proxies: [CuttingProxy] = []
        var districts: [String] = []
        for lane in 0..<lanes {
            let agent = try cluster.agent("lane\(lane)")
            let proxy = try CuttingProxy(upstream: cluster.server.url)
            districts.append(try agent.ok(["district", "add", "Lane \(lane)"]))
            try agent.sync(["--server", proxy.url, "--token", agent.token!])
            agents.append(agent)
            proxies.append(proxy)
        }
        defer { proxies.forEach { $0.stop() } }
        let runs = ResultsBox<Run>()
        // Each lane uses only its own agent and proxy.
        nonisolated(unsafe) let laneAgents = agents
        let (laneProxies, laneDistricts) = (proxies, districts)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for offset in stride(from: lane, to: 300, by: lanes) {
                do {
                    laneProxies[lane].cut = .response(offset, after: "POST /v1/changes")
                    laneProxies[lane].cutsLeft = 1
                    // A new edit each time, so that every run has a batch to push.
                    try laneAgents[lane].ok(["set", laneDistricts[lane], "population=\(offset)"])
                    runs.append(try Self.timedSync(laneAgents[lane], offset: offset))
                } catch {
                    runs.fail("lane \(lane) offset \(offset): \(error)")
                }
            }
        }
        #expect(runs.failures.isEmpty, "\(runs.failures)")
        #expect(runs.all.count == 300)
        for run in runs.all.sorted(by: { $0.offset < $1.offset }) {
            #expect(run.result.status == 0, "offset \(run.offset): \(run.result)")
            // Guards the old hang for the whole 60 s request timeout; six lanes on a loaded two-core
            // CI machine once took 30 s for two of the 300 runs (unexplained, see the closing note).
            #expect(run.seconds < 45, "offset \(run.offset) took \(run.seconds) s")
        }
        // Every answer is longer than 120 bytes: at least those 120 offsets were really cut.
        #expect(proxies.map(\.cuts).reduce(0, +) >= 120)

        // Straight to the server: every lane's last edit is there, and a fresh replica gets them all.
        for agent in agents {
            #expect(try agent.sync(["--server", cluster.server.url, "--token", agent.token!])["pushed"] as? Int == 0)
        }
        let reader = try cluster.agent("reader")
        try reader.sync()
        let exported = try reader.export("district")
        for lane in 0..<lanes {
            let last = stride(from: lane, to: 300, by: lanes).max()!
            #expect(exported[districts[lane]]?["population"] as? Int == last, "lane \(lane)")
        }
        try cluster.expectConverged(agents + [reader])
    }

    /// The health answer cut inside its status line and headers in every attempt: exit 69 with the
    /// usual message, never a signal.
    @Test func healthAnswerCutInItsHeaders_exits69() throws {
        let cluster = try Cluster()
        let agent = try cluster.agent("awa")
        try agent.ok(["district", "add", "Nord"])
        let proxy = try CuttingProxy(upstream: cluster.server.url)
        defer { proxy.stop() }
        for offset in [0, 1, 12, 16, 17, 18, 40, 77, 100, 119, 120] {
            proxy.cut = .response(offset)
            let run = try Self.timedSync(agent, offset: offset, ["--server", proxy.url, "--token", agent.token!])
            #expect(run.result.status == 69, "offset \(offset): \(run.result)")
            #expect(run.result.stderr.contains("Cannot reach the server"), "offset \(offset): \(run.result)")
            #expect(run.seconds < 15, "offset \(offset) took \(run.seconds) s")
        }
        #expect(proxy.cuts >= 11 * 4)
        #expect(try agent.status()["pending"] as? Int == 1)
    }

    /// The push's request cut in its request line, its headers and its body: each run fails within
    /// seconds (it hung for the 60 s request timeout), and nothing is lost.
    @Test func pushRequestCutWhileSending_failsFast_losesNothing() throws {
        let cluster = try Cluster()
        let kim = try cluster.agent("kim")
        let district = try kim.ok(["district", "add", "Nord"])
        let test = try kim.ok(["test", "create", "Nord spring", "--district", district])
        try kim.ok(["import", "collection", try SyncFailureTests.collectionsCSV(200, test: test, in: cluster.folder)])
        let pending = try #require(try kim.status()["pending"] as? Int)
        let proxy = try CuttingProxy(upstream: cluster.server.url)
        defer { proxy.stop() }
        for offset in [0, 1, 10, 60, 150, 250, 400, 800, 1500, 3000] {
            proxy.cut = .request(offset, after: "POST /v1/changes")
            let run = try Self.timedSync(kim, offset: offset, ["--server", proxy.url, "--token", kim.token!])
            #expect(run.result.status == 69, "offset \(offset): \(run.result)")
            #expect(run.result.stderr.contains("Nothing was lost; \(pending) changes wait"), "offset \(offset): \(run.result)")
            #expect(run.seconds < 10, "offset \(offset) took \(run.seconds) s")
        }
        #expect(proxy.cuts >= 10 * 4)
        try kim.sync(["--server", cluster.server.url, "--token", kim.token!])
        let lee = try cluster.agent("lee")
        #expect(try lee.sync()["pulled"] as? Int == pending)
        try cluster.expectConverged([kim, lee])
    }
}

/// Results gathered from several threads.
final class ResultsBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T] = []
    private var errors: [String] = []
    var all: [T] { lock.withLock { values } }
    var failures: [String] { lock.withLock { errors } }
    func append(_ value: T) { lock.withLock { values.append(value) } }
    func fail(_ message: String) { lock.withLock { errors.append(message) } }
}
