import Foundation
import GisementShared
import Testing

/// `gisement rm` of a record others refer to, references to removed records in lists, and the
/// export of such data read back into a fresh replica.
@Suite struct RemoveCommandTests {
    static func logTwo(_ replica: FieldReplica) throws -> [String] {
        try (0..<2).map { _ in try replica.must(["log", "--test", "Bellevue spring", "--category", "tools"]) }
    }

    @Test func rmOfReferencedTest_isRefusedWithCounts_andWritesNothing() throws {
        let replica = try FieldReplica.make()
        _ = try Self.logTwo(replica)
        try replica.must(["test", "add-partner", "Bellevue spring", "Habitat 44"])
        let snapshot = try replica.snapshot()
        let result = try replica.run(["rm", replica.testID])
        #expect(result.status == 65, "\(result)")
        #expect(
            result.error
                == "Error: The test \(replica.testID) is still referred to by 1 participation and 2 collections; "
                + "remove them first, or add --cascade to remove them with it.\n", "\(result.error)")
        #expect(try replica.snapshot() == snapshot)
        let district = try replica.run(["rm", replica.districtID])
        #expect(district.status == 65 && district.error.contains("by 1 test and 2 collections;"), "\(district)")
    }

    @Test func rmCascade_ofDistrict_removesItsTestsAndWhatTheyHold() throws {
        let replica = try FieldReplica.make()
        _ = try Self.logTwo(replica)
        try replica.must(["test", "add-partner", "Bellevue spring", "Habitat 44"])
        let output = try replica.must(["rm", replica.districtID, "--cascade"])
        #expect(output == "Removed district \(replica.districtID) and the 1 test, 1 participation and 2 collections that referred to it.")
        #expect(try replica.must(["list", "collections"]) == "No collections yet.")
        #expect(try replica.must(["list", "participations"]) == "No participations yet.")
        #expect(try replica.must(["test", "list"]) == "No tests yet.")
        // The partner is referred to by nothing live any more.
        #expect(try replica.must(["rm", replica.partnerID]) == "Removed partner \(replica.partnerID).")
    }

    @Test func referenceToRemovedRecord_showsRemoved_andExportImportsIntoFreshReplica() throws {
        let replica = try FieldReplica.make()
        let ids = try Self.logTwo(replica)
        try replica.must(["test", "add-partner", "Bellevue spring", "Habitat 44"])
        try replica.must(["set", replica.partnerID, "deleted=true"])
        #expect(try replica.must(["test", "show", replica.testID]).contains("  Habitat 44 (removed)"))
        #expect(try replica.must(["list", "participations"]).contains("(removed)"))
        // What a removal on another replica, concurrent with these logs, leaves after a sync.
        try replica.must(["set", replica.testID, "deleted=true"])
        let list = try replica.must(["list", "collections"])
        #expect(list.components(separatedBy: "(removed)").count == 3, "\(list)")
        #expect(!list.contains(replica.testID), "\(list)")
        #expect(try replica.must(["show", ids[0]]).contains("Bellevue spring (\(replica.testID)) (removed)"))

        let fresh = FieldReplica()
        try fresh.must(["init"])
        for kind in Schema.kindsInDependencyOrder {
            let path = fresh.folder.file("\(kind.plural).csv")
            try (try replica.must(["export", kind.plural])).write(toFile: path, atomically: true, encoding: .utf8)
            let result = try fresh.run(["import", kind.plural, path])
            #expect(result.status == 0, "\(kind.plural): \(result)")
        }
        for kind in Schema.kindsInDependencyOrder {
            let a = try replica.must(["export", kind.plural])
            let b = try fresh.must(["export", kind.plural])
            #expect(CSVRoundTripTests.withoutClock(a) == CSVRoundTripTests.withoutClock(b), "\(kind.plural)")
        }
        #expect(try fresh.must(["export", "tests"]).contains(",true,"), "the removed test travels, marked deleted")
        #expect(try fresh.must(["list", "collections"]).contains("(removed)"))
    }
}
