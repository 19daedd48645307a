import Foundation
import GisementSQLite
import Testing

/// Through the binary: a damaged replica stops the command with exit 65 and one line naming the
/// file and what could not be read, saying to restore it from a backup; the file is left as it was.
@Suite struct DamagedReplicaCommandTests {
    /// A replica made through the binary, then damaged with `sql`.
    static func damaged(_ sql: String) throws -> FieldReplica {
        let replica = try FieldReplica.make()
        let db = try Database(path: replica.database, options: DatabaseOptions(access: .readWrite))
        try db.execute(sql: sql)
        return replica
    }

    @Test func exportOfAReplicaWithoutItsReplicaNumbers_exits65_namingTheFile() throws {
        // The clocks of every record name replica numbers the `replicas` table no longer holds:
        // they were exported as `?1` before.
        let replica = try Self.damaged("DELETE FROM replicas")
        let before = try replica.snapshot()
        let result = try replica.run(["export", "districts"])
        #expect(result.status == 65)
        #expect(
            result.error
                == "Error: The replica (\(replica.database)) is damaged: replica number 1 is not in its table of replicas; restore it from a backup.\n"
        )
        #expect(try replica.snapshot() == before)
    }

    @Test func exportOfAnUnreadableClock_exits65_inFrenchToo() throws {
        let replica = try Self.damaged("UPDATE records SET clock = '1=2,x'")
        let before = try replica.snapshot()
        let english = try replica.run(["export", "tests"])
        #expect(english.status == 65)
        #expect(
            english.error
                == "Error: The replica (\(replica.database)) is damaged: the clock '1=2,x' cannot be read; restore it from a backup.\n")
        let french = try replica.run(["export", "tests"], environment: ["LANG": "fr_FR.UTF-8"])
        #expect(french.status == 65)
        #expect(
            french.error
                == "Erreur : La réplique (\(replica.database)) est endommagée : l'horloge '1=2,x' est illisible ; restaurez-la depuis une sauvegarde.\n"
        )
        #expect(try replica.snapshot() == before)
    }

    /// A conflict of a kind no version knows was left out of `conflicts` without a word.
    @Test func conflictsOfAnUnknownKind_exits65() throws {
        let replica = try Self.damaged(
            """
            INSERT INTO conflicts (at_ms, kind, id, field, winner_value, winner_hlc, winner_replica, winner_counter,
                loser_value, loser_hlc, loser_replica, loser_counter, own_lost, anomaly)
            VALUES (1, 'planet', 'x-1', 'name', 'a', '0000000000001-0000', 'r-a', 1, 'b', '0000000000002-0000', 'r-b', 1, 0, 0)
            """)
        let before = try replica.snapshot()
        let result = try replica.run(["conflicts"])
        #expect(result.status == 65)
        #expect(
            result.error
                == "Error: The replica (\(replica.database)) is damaged: column kind of conflicts row 1 holds no readable value; restore it from a backup.\n"
        )
        #expect(try replica.snapshot() == before)
    }
}
