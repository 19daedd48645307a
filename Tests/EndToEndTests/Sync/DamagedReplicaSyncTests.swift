import Foundation
import GisementSQLite
import Testing

/// A damaged replica stops `gisement sync` as it stops every command: exit 65, one line naming
/// the file and what could not be read; nothing of it reaches the server.
@Suite struct DamagedReplicaSyncTests {
    @Test func syncOfAPendingChangeOfUnknownKind_exits65_andPushesNothing() throws {
        let cluster = try Cluster()
        let awa = try cluster.agent("awa")
        try awa.ok(["district", "add", "Nord"])
        // Read as a collection before: the server was sent a collection's fields.
        let outbox = "SELECT group_concat(first || ':' || hex(changes)) FROM outbox"
        let before: SQLValue?
        do {
            let db = try Database(path: awa.database, options: DatabaseOptions(access: .readWrite))
            try db.execute(sql: "UPDATE records SET kind = 9")
            before = try db.scalar(sql: outbox)
        }
        let result = try awa.run(["sync"])
        #expect(result.status == 65, "\(result)")
        #expect(
            result.stderr
                == "Error: The replica (\(awa.database)) is damaged: a record has kind code 9, which is no kind; restore it from a backup.\n"
        )
        let after = try Database(path: awa.database, options: DatabaseOptions(access: .readOnly)).scalar(sql: outbox)
        #expect(after == before, "the pending changes wait, untouched")
        let ben = try cluster.agent("ben")
        #expect(try ben.sync()["pulled"] as? Int == 0)
    }
}
