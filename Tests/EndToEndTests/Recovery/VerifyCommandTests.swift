import Foundation
import Testing

/// `gisement verify [--repair]` against a real server.
@Suite(.serialized) struct VerifyCommandTests {
    @Test func verify_namesWhatDiffers_andRepairMakesEqual() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        let ben = try cluster.agent("ben")
        try awa.ok(["district", "add", "Nord"])
        try awa.sync()
        try ben.sync()
        let equal = try awa.run(["verify"])
        #expect(equal.status == 0, "\(equal)")
        #expect(equal.stdout.contains("same records"))

        let sud = try ben.ok(["district", "add", "Sud"])
        try ben.sync()
        let differs = try awa.run(["verify"])
        #expect(differs.status == 1, "\(differs)")
        #expect(differs.stdout.contains(sud) && differs.stdout.contains("only on the server"))
        #expect(differs.stderr.contains("1 only on the server"))

        let repaired = try awa.run(["verify", "--repair"])
        #expect(repaired.status == 0, "\(repaired)")
        #expect(try awa.export("district").keys.contains(sud))
        #expect(try awa.run(["verify"]).status == 0)
        try awa.sync()
        try cluster.expectConverged([awa, ben])
    }
}
