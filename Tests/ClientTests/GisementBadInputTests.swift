import Foundation
import Testing

/// Every kind of bad input: the right exit status, one clear sentence, and nothing written.
@Suite struct GisementBadInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        var message: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["log", "--test", "Bellevue spring"], status: 64,
             message: "Error: Missing expected argument '--category <category>'."),
        Case(arguments: ["log", "--test", "Bellevue spring", "--category", "food"], status: 64,
             message: "Error: Invalid value 'food' for --category; use one of electrical, textiles, furniture, books-media, leisure, tools, other."),
        Case(arguments: ["log", "--test", "Bellevue spring", "--category", "tools", "--kg", "-3"], status: 64,
             message: "Error: Invalid value '-3' for --kg: must be a number of at least 0, got -3."),
        Case(arguments: ["log", "--test", "Bellevue spring", "--category", "tools", "--items", "2.5"], status: 64,
             message: "Error: Invalid value '2.5' for --items: must be a whole number, got '2.5'."),
        Case(arguments: ["log", "--test", "Bellevue spring", "--category", "tools", "--at", "tomorrow"], status: 64,
             message: "Error: Invalid value 'tomorrow' for --at; write it like 2026-11-21T10:15:30Z, 2026-11-21 11:15 or 21/11/2026 11:15 (local time)."),
        Case(arguments: ["log", "--test", "Nowhere", "--category", "tools"], status: 65,
             message: "Error: No test has the id or name 'Nowhere' (for --test); see 'gisement test list' for the list."),
        Case(arguments: ["log", "--test", "Bellevue spring", "--category", "tools", "--partner", "Twin"], status: 65,
             message: "Error: The name 'Twin' given for --partner matches 2 partners:"),
        Case(arguments: ["test", "create", "T", "--district", "Bellevue", "--target-reuse-rate", "1.5"], status: 64,
             message: "Error: Invalid value '1.5' for --target-reuse-rate: must be a number from 0 to 1, got 1.5."),
        Case(arguments: ["test", "create", "T", "--district", "Bellevue", "--starts", "2026-02-30"], status: 64,
             message: "Error: Invalid value '2026-02-30' for --starts: '2026-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-21."),
        Case(arguments: ["district", "add", "X", "--habitat", "urban"], status: 64,
             message: "Error: Invalid value 'urban' for --habitat; use one of rural, semi-urban, dense-urban."),
        Case(arguments: ["district", "add", "X", "--population", "many"], status: 64,
             message: "Error: Invalid value 'many' for --population: must be a whole number, got 'many'."),
        Case(arguments: ["partner", "add", "X"], status: 64, message: "Error: Missing expected argument '--kind <kind>'."),
        Case(arguments: ["set", "nothing-here", "name=x"], status: 65,
             message: "Error: No record has the id 'nothing-here'; 'gisement list collections', 'gisement test list', 'gisement district list' or 'gisement partner list' show the ids."),
        Case(arguments: ["set", "SHARED", "name=x"], status: 65,
             message: "Error: The id 'SHARED' is used by records of several kinds (district, partner); add --kind with one of them."),
        Case(arguments: ["set", "TEST", "colour=red"], status: 65, message: "Error: A test has no field 'colour'; its fields are"),
        Case(arguments: ["set", "TEST", "target_kg=-1"], status: 65,
             message: "Error: Invalid value '-1' for target_kg: must be a number of at least 0, got -1."),
        Case(arguments: ["set", "TEST", "name="], status: 65, message: "Error: The field name is required; it cannot be cleared."),
        Case(arguments: ["set", "TEST", "status"], status: 64,
             message: "Error: 'status' is not FIELD=VALUE; write e.g. outcome=reused or notes= to clear."),
        Case(arguments: ["set", "TEST", "district=Atlantis"], status: 65,
             message: "Error: No district has the id or name 'Atlantis' (for district); see 'gisement district list' for the list."),
        Case(arguments: ["rm", "bad id"], status: 65, message: "Error: The id 'bad id' may only hold the characters"),
        Case(arguments: ["list", "widgets"], status: 64,
             message: "Error: Unknown kind 'widgets'; use one of district, partner, test, participation, collection, workshop."),
        Case(arguments: ["export", "collections", "--format", "xml"], status: 64,
             message: "Error: Invalid value 'xml' for --format; use one of csv, json."),
        Case(arguments: ["import", "collections", "/nonexistent/file.csv"], status: 1,
             message: "Error: Cannot read /nonexistent/file.csv: No such file or directory."),
        Case(arguments: ["init"], status: 1, message: "Error: "),
        Case(arguments: ["teleport"], status: 64, message: "Error: Unknown command 'teleport'; see 'gisement --help' for the list."),
    ]

    /// One replica for all cases: each case must leave it exactly as it was.
    static func makeReplica() throws -> FieldReplica {
        let replica = try FieldReplica.make()
        try replica.must(["partner", "add", "Twin", "--kind", "retailer"])
        try replica.must(["partner", "add", "Twin", "--kind", "company"])
        try replica.must(["district", "add", "Shared district"])
        try replica.must(["import", "districts", try Self.file(replica, "id,name\nSHARED,Twin district\n")])
        try replica.must(["import", "partners", try Self.file(replica, "id,name,kind\nSHARED,Twin partner,other\n")])
        try replica.must(["import", "tests", try Self.file(replica, "id,name,district\nTEST,Fixed id test,Bellevue\n")])
        return replica
    }

    static func file(_ replica: FieldReplica, _ text: String) throws -> String {
        let path = replica.folder.file(UUID().uuidString + ".csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badInput_isRefused_withStatusAndMessage_writingNothing() throws {
        let replica = try Self.makeReplica()
        let before = try replica.snapshot()
        for item in Self.cases {
            let result = try replica.run(item.arguments)
            #expect(result.status == item.status, "\(item)")
            #expect(result.error.hasPrefix(item.message), "\(item): \(result.error)")
            #expect(result.output.isEmpty, "\(item)")
            if item.status == 64 {
                #expect(result.error.contains("\nUsage: gisement"), "\(item)")
                #expect(result.error.contains("--help' for more."), "\(item)")
            } else {
                #expect(result.error.split(separator: "\n").count == 1, "one sentence: \(item)")
            }
            #expect(try replica.snapshot() == before, "wrote something: \(item)")
        }
    }

    @Test func badCSV_isRefusedWhole_namingTheLine() throws {
        let replica = try Self.makeReplica()
        let before = try replica.snapshot()
        let files: [(String, String)] = [
            ("test,category,weight_kg\nBellevue spring,tools,2\nBellevue spring,tools,-2\n",
             "line 3: column weight_kg: must be a number of at least 0, got -2."),
            ("test,category\nBellevue spring,tools\nNowhere,tools\n",
             "line 3: No test has the id or name 'Nowhere' (for column test)"),
            ("test,category,colour\nBellevue spring,tools,red\n", "unknown column 'colour'"),
            ("test,category\nBellevue spring,tools,extra\n", "line 2: 3 cells where the header has 2."),
            ("test,weight_kg\nBellevue spring,2\n", "line 2: column category is required for a new collection."),
            ("test,category\n\"Bellevue spring,tools\n", "line 2: a quoted field is never closed"),
            ("id,test,category\nc-1,Bellevue spring,tools\nc-1,Bellevue spring,tools\n", "line 3: the id 'c-1' appears on two lines."),
            ("", "is empty; it needs a header row"),
        ]
        for (text, message) in files {
            let path = try Self.file(replica, text)
            let result = try replica.run(["import", "collections", path])
            #expect(result.status == 65, "\(text)")
            #expect(result.error.contains(message), "\(result.error)")
            #expect(try replica.snapshot() == before, "wrote something: \(text)")
        }
    }
}
