import Foundation
import Testing

/// `gisement import` reads what French spreadsheets write (separator, encoding, decimal commas,
/// French dates and local date-times, clock changes said), refuses what it cannot read with what
/// to do, and `export --excel` writes what French Excel opens and imports back unchanged.
struct FrenchSpreadsheetTests {
    enum Encoding: CaseIterable { case utf8, utf8BOM, windows1252 }

    /// The bytes of `text` in `encoding` (Windows-1252 covers the Latin-1 letters used here).
    static func bytes(_ text: String, _ encoding: Encoding) -> [UInt8] {
        switch encoding {
        case .utf8: return Array(text.utf8)
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .windows1252:
            return text.unicodeScalars.map { scalar in
                switch scalar.value {
                case 0x20AC: return 0x80
                case 0x2019: return 0x92
                case 0x0153: return 0x9C
                default:
                    precondition(scalar.value < 0x100, "not in the test's Windows-1252 subset")
                    return UInt8(scalar.value)
                }
            }
        }
    }

    static func write(_ bytes: [UInt8], _ folder: TemporaryFolder, _ name: String = "sheet.csv") throws -> String {
        let path = folder.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func collections(_ replica: FieldReplica) throws -> [[String: Any]] {
        let output = try replica.must(["list", "collections", "--json"])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [[String: Any]]
    }

    @Test(arguments: Encoding.allCases, [";", ",", "\t"])
    func everyEncodingAndSeparator(encoding: Encoding, separator: String) throws {
        let replica = try FieldReplica.make()
        let folder = TemporaryFolder()
        let weight = separator == "," ? "\"12,5\"" : "12,5"
        let rows = [
            ["test", "collected_at", "category", "weight_kg", "item"],
            ["Bellevue spring", "21/03/2026 10:00", "electrical", weight, "café crème"],
            ["Bellevue spring", "2026-03-22 11:30", "textiles", "7", "cœur d’artichaut"],
        ]
        let text = rows.map { $0.joined(separator: separator) }.joined(separator: "\r\n") + "\r\n"
        let path = try Self.write(Self.bytes(text, encoding), folder)
        let result = try replica.run(["import", "collections", path])
        #expect(result.status == 0, "\(encoding) \(separator): \(result.error)")
        let stored = try Self.collections(replica).sorted { ($0["collected_at"] as! String) < ($1["collected_at"] as! String) }
        #expect(stored.count == 2)
        #expect(stored.first?["item"] as? String == "café crème")
        #expect(stored.first?["weight_kg"] as? Double == 12.5)
        #expect(stored.first?["collected_at"] as? String == "2026-03-21T10:00:00Z")
        #expect(stored.last?["item"] as? String == "cœur d’artichaut")
        #expect(stored.last?["collected_at"] as? String == "2026-03-22T11:30:00Z")
    }

    @Test func numberAndDateForms() throws {
        let replica = try FieldReplica.make()
        let folder = TemporaryFolder()
        let sheet = """
            test;collected_at;category;weight_kg;items;sold_items
            Bellevue spring;2026-03-21T09:00:00Z;tools;1 234,5;1 200;2
            Bellevue spring;21/3/2026 9:05;tools;12.5;2;
            Bellevue spring;2026-03-21T10:15:30+01:00;tools;0,25;1;

            """
        let path = try Self.write(Array(sheet.utf8), folder)
        #expect(try replica.run(["import", "collections", path]).status == 0)
        let stored = try Self.collections(replica).sorted { ($0["weight_kg"] as! Double) < ($1["weight_kg"] as! Double) }
        #expect(stored.map { $0["weight_kg"] as! Double } == [0.25, 12.5, 1234.5])
        #expect(stored.map { $0["items"] as! Int } == [1, 2, 1200])
        #expect(stored[1]["collected_at"] as? String == "2026-03-21T09:05:00Z")
        #expect(stored[0]["collected_at"] as? String == "2026-03-21T10:15:30+01:00")
        // Dates of a test, in both forms.
        let tests = "name;district;starts_on;ends_on\nPrintemps;Bellevue;01/03/2026;2026-05-31\n"
        #expect(try replica.run(["import", "tests", try Self.write(Array(tests.utf8), folder, "t.csv")]).status == 0)
        #expect(try replica.must(["test", "show", "Printemps", "--json"]).contains(#""starts_on":"2026-03-01""#))
    }

    @Test func clockChanges_readAndSaid() throws {
        let replica = try FieldReplica.make()
        let folder = TemporaryFolder()
        let sheet = "test;collected_at;category\nBellevue spring;29/03/2026 02:30;tools\nBellevue spring;25/10/2026 02:30;tools\n"
        let path = try Self.write(Array(sheet.utf8), folder)
        let result = try GisementBinary.run(
            ["import", "collections", path], database: replica.database, environment: ["TZ": "Europe/Paris"])
        #expect(result.status == 0)
        #expect(result.error.contains(
            "Warning: line 2, column collected_at: 29/03/2026 02:30 did not exist (the clock went forward an hour); read as 2026-03-29 03:30."))
        #expect(result.error.contains(
            "Warning: line 3, column collected_at: 25/10/2026 02:30 happened twice (the clock went back an hour); read as the first time, 2026-10-25T00:30:00Z."))
        let stored = Set(try Self.collections(replica).map { $0["collected_at"] as! String })
        #expect(stored == ["2026-03-29T01:30:00Z", "2026-10-25T00:30:00Z"])
        // `log --at` reads them the same way, and says so.
        let log = try GisementBinary.run(
            ["log", "--test", "Bellevue spring", "--category", "tools", "--at", "2026-03-29 02:30", "--lang", "fr"],
            database: replica.database, environment: ["TZ": "Europe/Paris"])
        #expect(log.error.hasPrefix("Attention : 2026-03-29 02:30 n'a pas existé (l'heure a avancé d'une heure) ; lu comme 29/03/2026 03:30."))
    }

    @Test func unreadableFiles_sayWhyAndWhatToDo() throws {
        let replica = try FieldReplica.make()
        let folder = TemporaryFolder()
        let before = try replica.snapshot()
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("test;category\r\n".utf8).flatMap { [$0, UInt8(0)] }
        let cases: [(bytes: [UInt8], message: String)] = [
            (utf16, "is saved as UTF-16 (\"Unicode text\"); save it from the spreadsheet as \"CSV UTF-8\""),
            (Array("test;category\nBellevue spring;tools\u{81}\n".utf8).map { $0 == 0xC2 ? 0x41 : $0 },
             "is neither UTF-8 nor Windows-1252 (byte 0x81 on line 2); save it from the spreadsheet as \"CSV UTF-8\""),
            (Array("test;category;weight_kg\nBellevue spring;tools\n".utf8), "line 2: 2 cells where the header has 3."),
            (Array("test;category;collected_at\nBellevue spring;tools;31/02/2026 10:00\n".utf8),
             "line 2: column collected_at: '31/02/2026 10:00' is not a date-time with a zone"),
            (Array("test;category;weight_kg\nBellevue spring;tools;12,5 kg\n".utf8),
             "line 2: column weight_kg: must be a number like 12.5, got '12,5 kg'."),
        ]
        for item in cases {
            let path = try Self.write(item.bytes, folder)
            let result = try replica.run(["import", "collections", path])
            #expect(result.status == 65)
            #expect(result.error.contains(item.message), "\(result.error)")
        }
        #expect(try replica.snapshot() == before)
        let french = try replica.run(["import", "collections", try Self.write(utf16, folder)], environment: ["LANG": "fr_FR.UTF-8"])
        #expect(french.error.contains("est enregistré en UTF-16 (« Texte Unicode ») ; enregistrez-le depuis le tableur en « CSV UTF-8 »"))
    }

    @Test func exportExcel_opensInFrenchExcel_andReimportsUnchanged() throws {
        let replica = try FieldReplica.make()
        try replica.must(["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "12,5", "--notes", "a; b, \"c\""])
        try replica.must(["log", "--test", "Bellevue spring", "--category", "furniture", "--kg", "1234.75", "--item", "armoire"])
        let export = try GisementBinary.run(["export", "collections", "--excel"], database: replica.database)
        let bytes = Array(export.output.utf8)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(export.output.dropFirst().hasPrefix("id;test;district;collected_at;source;partner;category;item;items;weight_kg;"))
        #expect(export.output.contains(";12,5;"))
        #expect(export.output.contains(";1234,75;"))
        #expect(export.output.contains("\"a; b, \"\"c\"\"\""))
        let folder = TemporaryFolder()
        let path = try Self.write(bytes, folder)
        let before = try replica.snapshot()
        let again = try replica.run(["import", "collections", path])
        #expect(again.status == 0)
        #expect(again.output.hasSuffix("(0 new, 0 changed, 2 unchanged).\n"))
        #expect(try replica.snapshot() == before)
        let json = try GisementBinary.run(["export", "collections", "--excel", "--format", "json"], database: replica.database)
        #expect(json.status == 64)
    }
}
