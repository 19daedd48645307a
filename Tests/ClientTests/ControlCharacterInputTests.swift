import Foundation
import Testing

/// Text with terminal control sequences is refused on input by `log`, `set`, `partner add` and
/// `import`, with a sentence naming the character; notes keep their tabs and line breaks.
@Suite struct ControlCharacterInputTests {
    static let osc52 = "Evil\u{1B}]52;c;cm0gLXJmIH4=\u{07}"

    @Test func commands_refuseControlCharacters_writingNothing() throws {
        let replica = try FieldReplica.make()
        let csv = replica.folder.file("partners.csv")
        try "name,kind\n\"Clear\u{1B}[2J\",other\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let before = try replica.snapshot()
        let commands: [[String]] = [
            ["partner", "add", Self.osc52, "--kind", "other"],
            ["log", "--test", "Bellevue spring", "--category", "tools", "--notes", "bell\u{07}"],
            ["set", replica.partnerID, "contact=\u{9B}31m red"],
            ["set", replica.partnerID, "name=two\nlines"],
            ["import", "partners", csv],
        ]
        for arguments in commands {
            let result = try replica.run(arguments)
            #expect(result.status == 64 || result.status == 65, "\(arguments): \(result.status)")
            #expect(result.error.contains("control character U+00"), "\(arguments): \(result.error)")
            #expect(!result.error.contains("\u{1B}"), "the message itself carries no escape: \(result.error)")
            #expect(try replica.snapshot() == before, "wrote something: \(arguments)")
        }
    }

    @Test func notes_keepTabsAndLineBreaks() throws {
        let replica = try FieldReplica.make()
        try replica.must(["set", replica.partnerID, "notes=first line\n\tsecond line"])
        let shown = try replica.must(["show", replica.partnerID, "--json"])
        #expect(shown.contains(#"first line\n\tsecond line"#), "\(shown)")
    }
}
