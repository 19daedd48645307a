import Foundation
import GisementSQLite
import Testing

/// Text from other agents is data, never commands: not for the terminal, not for a spreadsheet.
@Suite struct HostileTextOutputTests {
    @Test func terminalOutput_escapesEveryControlCharacter_whateverItsSource() throws {
        let folder = TemporaryFolder()
        let agent = try Agent("tty", folder: folder)
        try agent.ok(["init", "--agent", "tty"])
        let id = try agent.ok(["partner", "add", "Plain", "--kind", "association"])
        // A name as a hostile replica could have synced it before validation refused such text:
        // a window title (OSC 0), a clipboard write (OSC 52), a screen clear, and a C1 CSI.
        let hostile = "Evil\u{1B}]0;pwned\u{07}\u{1B}]52;c;Y3VybA==\u{07}\u{1B}[2J\u{9B}31m"
        let db = try Database(path: agent.database, options: DatabaseOptions(access: .readWrite))
        try db.execute(sql: "UPDATE partners SET name = ?1 WHERE id = ?2", arguments: [.text(hostile), .text(id)])

        // Through a pseudo-terminal, as a user sees it.
        let command = "GISEMENT_DB='\(agent.database)' '\(agent.executable)' partner list"
        let tty = try ChildProcess.run("/usr/bin/script", ["-q", "-c", command, "/dev/null"], in: folder.path)
        #expect(tty.status == 0, "\(tty)")
        let bytes = Array(tty.stdout.utf8)
        #expect(!bytes.contains(0x1B) && !tty.stdout.unicodeScalars.contains("\u{9B}"), "\(tty.stdout.debugDescription)")
        #expect(tty.stdout.contains("Evil\\u{1b}]0;pwned\\u{7}"), "\(tty.stdout.debugDescription)")
        // A table is for people wherever it goes (a pipe, a file, `less -R`): escaped there too.
        let piped = try agent.run(["partner", "list"])
        #expect(!Array(piped.stdout.utf8).contains(0x1B), "\(piped.stdout.debugDescription)")
        #expect(piped.stdout.contains("Evil\\u{1b}]0;pwned\\u{7}"))
        // Data for programs keeps the value as stored (JSON escapes it its own way).
        let json = try agent.run(["partner", "list", "--json"])
        #expect(json.stdout.contains(#"Evil\u001b]0;pwned\u0007"#), "\(json.stdout)")
    }

    @Test func csvExport_guardsFormulaCells_andImportReadsThemBack() throws {
        let folder = TemporaryFolder()
        let agent = try Agent("sheet", folder: folder)
        try agent.ok(["init", "--agent", "sheet"])
        let names = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "'=already", "Plain"]
        for name in names { try agent.ok(["partner", "add", name, "--kind", "association"]) }
        // A name starting with '-' reads as an option on the command line: set it instead.
        let dash = try agent.ok(["partner", "add", "Dash", "--kind", "association"])
        try agent.ok(["set", dash, "name=-2+3"])
        let all = names + ["-2+3"]
        let exported = try agent.run(["export", "partner", "--format", "csv"])
        #expect(exported.status == 0)
        for line in exported.stdout.split(separator: "\r\n").dropFirst() {
            let name = line.split(separator: ",", maxSplits: 2)[1]
            let cell = name.hasPrefix("\"") ? name.dropFirst() : name
            #expect(!"=+-@".contains(cell.first!), "a formula cell: \(line)")
        }
        let sheet = folder.file("partners.csv")
        try Data(exported.stdout.utf8).write(to: URL(fileURLWithPath: sheet))
        let fresh = try Agent("fresh", folder: folder)
        try fresh.ok(["init", "--agent", "fresh"])
        let imported = try fresh.run(["import", "partner", sheet])
        #expect(imported.status == 0, "\(imported)")
        let back = Set(try fresh.export("partner").values.compactMap { $0["name"] as? String })
        #expect(back == Set(all))
    }
}
