import Foundation
import GisementPostgres
import GisementShared
import Testing
import TestSupport
@testable import GisementServer

/// A server on PostgreSQL while its database goes away and comes back: clean 503 `unavailable`
/// answers (with Retry-After), nothing half-applied, then service again without a restart.
@Suite(.enginesChosenByTheSuite) struct PostgresAvailabilityTests {
    @Test func whileTheDatabaseIsAway_requestsGet503_thenServiceResumes() async throws {
        let cluster = try PostgresCluster.shared()
        let url = try cluster.freshDatabase()
        let name = try PostgresConnection(PostgresURL(url)!).execute("SELECT current_database()")[0, 0]!
        var configuration = ServerConfiguration(port: 0)
        configuration.postgresURL = PostgresURL(url)
        configuration.readerCount = 2
        let server = try await GisementServerApp.start(configuration)
        let token = try await StoreEngine.addToken(server.store, name: "chief", role: .admin)
        let client = APIClient(baseURL: server.baseURL, token: token)
        var maker = ChangeMaker(replica: "r-a")
        #expect(try await client.push(maker.districts(2), replica: "r-a").status == 200)

        let admin = try PostgresConnection(PostgresURL(cluster.adminURL)!)
        try admin.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name])
        let later = maker.districts(3, prefix: "later")
        for _ in 0..<3 {
            let refused = try await client.push(later, replica: "r-a")
            #expect(refused.status == 503 && refused.errorCode == "unavailable", "\(refused.text)")
            #expect(refused.headers["retry-after"] == "1")
            #expect(try await client.get("/v1/changes?since=0").status == 503)
        }

        try admin.executeScript("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        let accepted = try await client.push(later, replica: "r-a")
        #expect(accepted.status == 200, "\(accepted.text)")
        #expect(accepted.json["accepted"]?.integerValue == 3, "nothing of the refused pushes was kept")
        let all = try await client.pullAll()
        #expect(all.map(\.seq) == [1, 2, 3, 4, 5])
        await server.stop()
    }
}
