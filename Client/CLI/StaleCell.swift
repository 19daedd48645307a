import GisementCommandLine
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
        let now = current.isNull ? localized("stale.empty") : "'\(current.description)'"
        let who = writer == ownReplica ? localized("stale.thisReplica", ["replica": writer]) : writer
        return localized(
            "stale.line",
            ["kind": Vocabulary.kindName(kind), "id": id, "field": field, "sheet": sheetText, "now": now, "writer": who])
    }

    /// The error that stops an import holding stale cells: what they are, then one line per cell,
    /// then what to do. Nothing has been written.
    static func error(_ cells: [StaleCell], file: String, ownReplica: ReplicaID) -> CLIError {
        var lines = [
            localized(cells.count == 1 ? "stale.head.one" : "stale.head", ["count": String(cells.count), "file": file])
        ]
        lines += cells.map { "  " + $0.line(ownReplica: ownReplica) }
        lines.append(localized("stale.hint"))
        return CLIError.data(lines.joined(separator: "\n"))
    }
}
