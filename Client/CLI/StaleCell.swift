import GisementShared

/// A cell of an imported sheet that would undo an edit made after the sheet was exported: its
/// value differs from the current one, and the current one was written under a dot the sheet's
/// `_clock` does not hold (see ``SheetClock``).
struct StaleCell: Sendable {
    let kind: RecordKind
    let id: RecordID
    let field: String
    /// The cell as the sheet has it.
    let sheetText: String
    let current: FieldValue
    /// The replica that wrote the current value.
    let writer: ReplicaID

    /// `collection c-… outcome: sheet 'pending', now 'repaired' (written by r-…)`.
    func line(ownReplica: ReplicaID) -> String {
        let now = current.isNull ? "empty" : "'\(current.description)'"
        let who = writer == ownReplica ? "\(writer), this replica" : writer
        return "\(kind) \(id) \(field): sheet '\(sheetText)', now \(now) (written by \(who))"
    }

    /// The error that stops an import holding stale cells: what they are, then one line per cell,
    /// then what to do. Nothing has been written.
    static func error(_ cells: [StaleCell], file: String, ownReplica: ReplicaID) -> CLIError {
        let count = cells.count == 1 ? "1 cell" : "\(cells.count) cells"
        let edits = cells.count == 1 ? "an edit" : "edits"
        var lines = [
            "\(count) of \(file) would undo \(edits) made after the sheet was exported; nothing was imported."
        ]
        lines += cells.map { "  " + $0.line(ownReplica: ownReplica) }
        lines.append(
            "Export again and copy your changes into the new sheet, or import with --overwrite to write the sheet's values anyway.")
        return CLIError.data(lines.joined(separator: "\n"))
    }
}
