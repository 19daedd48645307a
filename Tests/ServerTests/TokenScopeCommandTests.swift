import Foundation
import GisementServer
import GisementShared
import TestSupport
import Testing

/// `token add --district/--test` and `token scope`, through the built `gisement-server`: names or
/// ids, clear refusals (65) of unknown and ambiguous names, usage errors (64), and `token list`.
@Suite struct TokenScopeCommandTests {
    let folder = TemporaryFolder("token-scope")
    let db: String

    init() throws { db = try StoreEngine.current.database(in: folder) }

    /// Two districts named alike, one test.
    func seed() async throws {
        let store = try StoreEngine.open(db)
        var maker = ChangeMaker(replica: "r-seed")
        let changes = [
            maker.write(.district, "d-1", "name", .text("Nord")),
            maker.write(.district, "d-2", "name", .text("Twin")),
            maker.write(.district, "d-3", "name", .text("Twin")),
            maker.write(.pilotTest, "t-1", "name", .text("Essai Nord")),
            maker.write(.pilotTest, "t-1", "district", .text("d-1")),
        ]
        _ = try await store.push(ValidatedPush(replica: "r-seed", changes: changes, pushedBy: "seed"))
        await store.close()
    }

    @Test func scopes_byNameOrID_refusingUnknownAndAmbiguousNames() async throws {
        try await seed()
        let add = try await ServerBinary.run(
            ["token", "add", "awa", "--role", "agent", "--test", "Essai Nord", "--district", "d-2", "--db", db])
        #expect(add.status == 0, "\(add)")
        #expect(add.stderr.contains("test t-1 (Essai Nord)"), "\(add)")
        let unknown = try await ServerBinary.run(["token", "add", "ben", "--role", "agent", "--test", "Essai Sud", "--db", db])
        #expect(unknown.status == 65 && unknown.stderr.contains("no test with the id or name 'Essai Sud'"), "\(unknown)")
        let ambiguous = try await ServerBinary.run(["token", "scope", "awa", "--add-district", "Twin", "--db", db])
        #expect(ambiguous.status == 65 && ambiguous.stderr.contains("2 districts are named 'Twin'"), "\(ambiguous)")
        let nothing = try await ServerBinary.run(["token", "scope", "awa", "--db", db])
        #expect(nothing.status == 64, "\(nothing)")
        let both = try await ServerBinary.run(["token", "scope", "awa", "--all", "--add-test", "t-1", "--db", db])
        #expect(both.status == 64, "\(both)")
        let missing = try await ServerBinary.run(["token", "scope", "nobody", "--all", "--db", db])
        #expect(missing.status == 65, "\(missing)")

        let scope = try await ServerBinary.run(
            ["token", "scope", "awa", "--remove-district", "d-2", "--add-district", "Nord", "--db", db])
        #expect(scope.status == 0, "\(scope)")
        var list = try JSONParser.parse(try await ServerBinary.run(["token", "list", "--json", "--db", db]).stdout)
        var awa = list["tokens"]?.arrayValue?.first { $0["name"]?.stringValue == "awa" }
        #expect(awa?["scope"]?.arrayValue?.compactMap(\.stringValue) == ["d:d-1", "t:t-1"])
        #expect(awa?["last_used_at"] == .null)
        let text = try await ServerBinary.run(["token", "list", "--db", db])
        #expect(text.stdout.contains("SCOPE") && text.stdout.contains("LAST USED") && text.stdout.contains("district d-1 (Nord)"))

        let all = try await ServerBinary.run(["token", "scope", "awa", "--all", "--db", db])
        #expect(all.status == 0 && all.stderr.contains("scope: all"), "\(all)")
        list = try JSONParser.parse(try await ServerBinary.run(["token", "list", "--json", "--db", db]).stdout)
        awa = list["tokens"]?.arrayValue?.first { $0["name"]?.stringValue == "awa" }
        #expect(awa?["scope"] == .null)

        // A revoked name may be given again.
        #expect(try await ServerBinary.run(["token", "revoke", "awa", "--db", db]).status == 0)
        let again = try await ServerBinary.run(["token", "add", "awa", "--role", "coordinator", "--db", db])
        #expect(again.status == 0, "\(again)")
    }
}
