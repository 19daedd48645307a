import GisementShared

/// What a damaged server store holds that cannot be read back (a garbage stamp or clock, a kind or
/// value type that is none, a missing identity row). Reading the store never puts a default in
/// place of it: the read stops with this error, so that a request answers 500 and the server's log
/// names the table, column and row, and a `gisement-server` command exits 65 naming the file
/// (``ServerDatabase/describe(_:path:)``). The client reports its own file the same way
/// (`ReplicaDamage`), with the same catalogue messages.
public struct StoreDamage: Error, Sendable, Hashable, CustomStringConvertible {
    /// What could not be read; ``description`` says it in English for the log.
    public var what: CatalogueMessage

    public var description: String { "the store is damaged: " + what.text(in: .en) }

    /// A column of a row that holds no value of the type it should (`row`: what names the row, as
    /// SQL writes it: `42`, `'abc'`).
    static func value(table: String, column: String, row: String) -> StoreDamage {
        StoreDamage(what: CatalogueMessage("storage.damage.value", ["table": table, "column": column, "row": row]))
    }

    /// A row every store has (its identity) that is missing.
    static func missingRow(table: String, row: String) -> StoreDamage {
        StoreDamage(what: CatalogueMessage("storage.damage.missingRow", ["table": table, "row": row]))
    }
}
