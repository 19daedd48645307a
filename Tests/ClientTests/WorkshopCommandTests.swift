import Foundation
import GisementShared
import Testing

/// `gisement workshop add`, `list workshops --test`, the jobs and satisfaction fields through
/// `set`, CSV and JSON, through the built binary.
@Suite struct WorkshopCommandTests {
    @Test func workshopAdd_thenList_byTest() throws {
        let replica = try FieldReplica.make()
        let other = try replica.must(["test", "create", "Other", "--district", "Bellevue"])
        let id = try replica.must([
            "workshop", "add", "--test", "Bellevue spring", "--on", "2026-03-14", "--topic", "bike repair",
            "--places", "12", "--attendees", "9", "--new-members", "2",
        ])
        #expect(id.hasPrefix("w-"))
        try replica.must(["workshop", "add", "--test", other, "--on", "2026-03-15"])
        let list = try replica.must(["list", "workshops", "--test", "Bellevue spring"])
        #expect(list.contains(id) && list.contains("bike repair") && list.contains("2026-03-14"))
        #expect(list.split(separator: "\n").count == 2, "a header and the one workshop of that test: \(list)")
        let json = try replica.must(["list", "workshops", "--test", "Bellevue spring", "--json"])
        #expect(json.contains(#""places":12"#) && json.contains(#""new_members":2"#), "\(json)")
        #expect(try replica.must(["workshop", "list", "--test", "Bellevue spring"]) == list)
        #expect(try replica.must(["test", "show", "Bellevue spring"]).contains("Workshops: 1 (9 attendees;"))
    }

    @Test func workshopAdd_refusesMissingOrBadValues_writingNothing() throws {
        let replica = try FieldReplica.make()
        let before = try replica.snapshot()
        let missingDate = try replica.run(["workshop", "add", "--test", "Bellevue spring"])
        #expect(missingDate.status == 64 && missingDate.error.contains("--on"))
        let badDate = try replica.run(["workshop", "add", "--test", "Bellevue spring", "--on", "2026-02-30"])
        #expect(badDate.status == 64 || badDate.status == 65)
        let negative = try replica.run(["workshop", "add", "--test", "Bellevue spring", "--on", "2026-03-14", "--places", "-1"])
        #expect(negative.status == 64 || negative.status == 65)
        let unknownTest = try replica.run(["workshop", "add", "--test", "Nope", "--on", "2026-03-14"])
        #expect(unknownTest.status == 65)
        #expect(try replica.snapshot() == before)
    }

    @Test func jobsFields_throughSet_warnWhenEmployedAboveRequalified() throws {
        let replica = try FieldReplica.make()
        let set = try replica.run(["set", replica.testID, "requalified=4", "employed_after=5", "target_jobs=2"])
        #expect(set.status == 0, "a warning, not a refusal")
        #expect(set.error.contains("Warning: employed_after (5) is more than requalified (4)"), "\(set.error)")
        let fine = try replica.run(["set", replica.testID, "employed_after=3"])
        #expect(fine.status == 0 && fine.error.isEmpty)
        let participation = try replica.must(["test", "add-partner", "Bellevue spring", "Habitat 44"])
        let outOfRange = try replica.run(["set", participation, "satisfaction=6"])
        #expect(outOfRange.status == 65)
        try replica.must(["set", participation, "satisfaction=5", "satisfaction_notes=ravis"])
        let shown = try replica.must(["show", participation, "--json"])
        #expect(shown.contains(#""satisfaction":5"#) && shown.contains("ravis"), "\(shown)")
    }

    @Test func workshops_exportAndImport_asCSV() throws {
        let replica = try FieldReplica.make()
        try replica.must(["workshop", "add", "--test", "Bellevue spring", "--on", "2026-03-14", "--places", "12"])
        let csv = try replica.must(["export", "workshops", "--format", "csv"])
        #expect(csv.hasPrefix("id,test,held_on,topic,places,attendees,new_members,notes,deleted"))
        let sheet = replica.folder.file("workshops.csv")
        let rows = "test,held_on,topic,places,attendees\n\(replica.testID),2026-03-21,sewing,10,7\n"
        try rows.write(toFile: sheet, atomically: true, encoding: .utf8)
        try replica.must(["import", "workshops", sheet])
        let list = try replica.must(["list", "workshops", "--test", "Bellevue spring", "--json"])
        #expect(list.contains("sewing") && list.contains(#""attendees":7"#), "\(list)")
        let testSheet = replica.folder.file("tests.csv")
        try "name,district,requalified,employed_after\nAutumn,\(replica.districtID),2,3\n"
            .write(toFile: testSheet, atomically: true, encoding: .utf8)
        let imported = try replica.run(["import", "tests", testSheet])
        #expect(imported.status == 0 && imported.error.contains("employed_after (3) is more than requalified (2)"))
        let tests = try replica.must(["export", "tests", "--format", "csv"])
        #expect(tests.split(separator: "\n").first?.contains("requalified,employed_after,members_before") == true)
    }
}
