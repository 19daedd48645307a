import Foundation
import Testing

/// `report --out FILE` writes through `FILE.partial`, a predictable name: a link planted there
/// must never be followed.
@Suite struct ReportOutFileTests {
    @Test func linkPlantedAtThePartialFile_isNotFollowed() throws {
        let folder = TemporaryFolder()
        let agent = try Agent("awa", folder: folder)
        try agent.ok(["init"])
        let district = try agent.ok(["district", "add", "Nord"])
        try agent.ok(["test", "create", "Nord spring", "--district", district])
        let victim = folder.file("victim.txt")
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        let out = folder.file("report.txt")
        try FileManager.default.createSymbolicLink(atPath: out + ".partial", withDestinationPath: victim)

        let result = try agent.run(["report", "--out", out])

        #expect(result.status == 0, "\(result)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: out)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("Tests covered: 1"))
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    }
}
