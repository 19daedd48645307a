import GisementShared
import GisementSQLite

/// What a damaged replica holds that cannot be read back. Reading the file never puts a default
/// in place of what it cannot read (a kind, a replica id, a clock, a conflict's side): it stops
/// with ``ReplicaError`` `.damaged`, naming the file and what was wrong, so that the command
/// line says to restore it from a backup rather than go on with made-up data.
enum ReplicaDamage {
    /// The error for the replica at `path` holding `what`, which cannot be read.
    static func error(_ what: CatalogueMessage, path: String?) -> ReplicaError {
        var error = ReplicaError(.damaged, what.text(in: .en), path: path)
        error.detail = what
        return error
    }

    /// A record whose kind code is no kind.
    static func kindCode(_ code: Int64, path: String?) -> ReplicaError {
        error(CatalogueMessage("replica.damage.kindCode", ["code": String(code)]), path: path)
    }

    /// A replica number that the `replicas` table does not hold.
    static func replicaNumber(_ number: Int64, path: String?) -> ReplicaError {
        error(CatalogueMessage("replica.damage.replicaNumber", ["number": String(number)]), path: path)
    }

    /// A stored vector clock that is not `number=counter,…`.
    static func clock(_ text: String, path: String?) -> ReplicaError {
        error(CatalogueMessage("replica.damage.clock", ["clock": text]), path: path)
    }

    /// A row pointing at a record (by its key) that the `records` table does not hold.
    static func missingRecord(_ key: Int64, table: String, path: String?) -> ReplicaError {
        error(CatalogueMessage("replica.damage.missingRecord", ["key": String(key), "table": table]), path: path)
    }

    /// A column of a row that holds no value of the type it should (`row`: the row's key).
    static func value(table: String, column: String, row: SQLValue, path: String?) -> ReplicaError {
        error(CatalogueMessage("storage.damage.value", ["table": table, "column": column, "row": row.literal]), path: path)
    }

    /// An outbox row whose packed changes cannot be decoded (``OutboxBundle``).
    static func outbox(path: String?) -> ReplicaError {
        error(CatalogueMessage("replica.damage.outbox"), path: path)
    }
}

/// A row read from one of the replica's tables whose columns must hold a value of their type:
/// a NULL or a value of another type there is a damaged file, never a zero or an empty text.
struct StoredRow {
    let row: GisementSQLite.Row
    let table: String
    /// What names the row in a message: its key.
    let key: SQLValue
    let path: String?

    /// The integer in `column`.
    func integer(_ column: Int) throws -> Int64 {
        guard let integer = row[column].integerValue else { throw damaged(column) }
        return integer
    }

    /// The text in `column`.
    func text(_ column: Int) throws -> String {
        guard let text = row[column].textValue else { throw damaged(column) }
        return text
    }

    /// The error for `column`, which holds something that cannot be read.
    func damaged(_ column: Int) -> ReplicaError {
        ReplicaDamage.value(table: table, column: row.names[column], row: key, path: path)
    }
}
