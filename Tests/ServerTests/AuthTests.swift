import GisementServer
import GisementSQLite
import Testing

@Suite struct AuthTests {
    @Test func generate_makesPrefixedWellFormedDistinctTokens() throws {
        let a = try AccessToken.generate()
        let b = try AccessToken.generate()
        #expect(a.hasPrefix("gis_"))
        #expect(a.count == 4 + 43)
        #expect(AccessToken.isWellFormed(a))
        #expect(a != b)
    }

    @Test func digest_isSHA256OfTheText() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        let hex = AccessToken.digest(of: "abc").map { String(format: "%02x", $0) }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func matches_comparesWholeDigests() {
        let a = AccessToken.digest(of: "one")
        #expect(AccessToken.matches(a, AccessToken.digest(of: "one")))
        #expect(!AccessToken.matches(a, AccessToken.digest(of: "two")))
        #expect(!AccessToken.matches(a, Array(a.prefix(16))))
        #expect(!AccessToken.matches([], []))
    }

    @Test(arguments: [
        ("Bearer gis_", false), ("Basic abc", false), ("", false), ("Bearer", false),
    ])
    func bearer_refusesMalformedHeaders(header: String, expected: Bool) {
        #expect((BearerCredentials.token(from: header) != nil) == expected)
    }

    @Test func bearer_acceptsAnyCaseScheme() throws {
        let token = try AccessToken.generate()
        #expect(BearerCredentials.token(from: "Bearer \(token)") == token)
        #expect(BearerCredentials.token(from: "bearer  \(token) ") == token)
        #expect(BearerCredentials.token(from: "Bearer \(token)x") == nil)
        #expect(BearerCredentials.token(from: nil) == nil)
    }

    @Test func role_ordersAgentCoordinatorAdmin() {
        #expect(Role.admin.allows(.agent) && Role.admin.allows(.coordinator) && Role.admin.allows(.admin))
        #expect(Role.coordinator.allows(.agent) && !Role.coordinator.allows(.admin))
        #expect(!Role.agent.allows(.coordinator))
    }

    @Test(.disabled(if: TestStore.isPostgres, "the SQLite token table; StoreContractTests holds both engines"))
    func tokenStore_addListRevoke() throws {
        let folder = TemporaryFolder("tokens")
        let db = try Database(path: folder.file("s.sqlite"))
        try ServerSchema.migrator().migrate(db)
        let token = try AccessToken.generate()
        try TokenStore.add(db, name: "tablet-3", role: .agent, digest: AccessToken.digest(of: token), at: "t0")
        #expect(throws: TokenError(reason: .duplicateName, name: "tablet-3")) {
            try TokenStore.add(db, name: "tablet-3", role: .admin, digest: [1, 2, 3], at: "t1")
        }
        #expect(throws: TokenError(reason: .invalidName, name: "bad name")) {
            try TokenStore.add(db, name: "bad name", role: .admin, digest: [1], at: "t1")
        }
        #expect(try TokenStore.validToken(db, digest: AccessToken.digest(of: token))?.name == "tablet-3")
        #expect(try TokenStore.hasAdmin(db) == false)
        try TokenStore.revoke(db, name: "tablet-3", at: "t2")
        #expect(try TokenStore.validToken(db, digest: AccessToken.digest(of: token)) == nil)
        #expect(try TokenStore.list(db) == [TokenInfo(name: "tablet-3", role: .agent, createdAt: "t0", revokedAt: "t2")])
        #expect(throws: TokenError(reason: .alreadyRevoked, name: "tablet-3")) {
            try TokenStore.revoke(db, name: "tablet-3", at: "t3")
        }
        #expect(throws: TokenError(reason: .unknownName, name: "nobody")) {
            try TokenStore.revoke(db, name: "nobody", at: "t3")
        }
    }
}
