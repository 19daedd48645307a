import GisementShared

extension SyncSummary {
    /// The summary for people, a few lines:
    /// ```
    /// Synced with http://127.0.0.1:8080: pushed 3, pulled 2, 1 conflict.
    /// Your edit lost to a concurrent one:
    ///   collection c-1f2e (bike, leisure) weight_kg: yours 12.5, kept 14 (written by r-77aa)
    /// ```
    public var text: String {
        var lines: [String] = []
        var head = "Synced with \(server): pushed \(pushed)"
        if duplicates > 0 { head += " (\(duplicates) already there)" }
        head += ", pulled \(pulled), \(conflicts) \(conflicts == 1 ? "conflict" : "conflicts")."
        lines.append(head)
        if let previousReplicaID {
            lines.append(
                "This replica now writes as \(replicaID) (was \(previousReplicaID)); \(restamped) pending "
                    + "\(restamped == 1 ? "change was" : "changes were") stamped again.")
        }
        if let recovery {
            lines.append(
                "The server had gone back (\(serverWentBack ?? "restored")): \(recovery.records) records differed; "
                    + "sent again \(recovery.sent) of this replica's versions and \(recovery.relayed) of others', "
                    + "fetched \(recovery.received).")
        }
        if !lostEdits.isEmpty {
            lines.append(
                lostEdits.count == 1
                    ? "Your edit lost to a concurrent one:" : "\(lostEdits.count) of your edits lost to concurrent ones:")
            for edit in lostEdits where edit.isRemoval {
                lines.append(
                    "  \(SyncSummary.describe(edit.kind, edit.id, edit.label)) \(edit.field): yours "
                        + "\(SyncSummary.quoted(edit.yourValue)), but \(edit.winningReplica) removed the record meanwhile; "
                        + "it stays removed")
            }
            for edit in lostEdits where !edit.isRemoval {
                lines.append(
                    "  \(SyncSummary.describe(edit.kind, edit.id, edit.label)) \(edit.field): yours "
                        + "\(SyncSummary.quoted(edit.yourValue)), kept \(SyncSummary.quoted(edit.winningValue)) "
                        + "(written by \(edit.winningReplica))")
            }
            lines.append("  'gisement conflicts' keeps them; 'gisement set ID FIELD=VALUE' writes yours again.")
        }
        if !setAside.isEmpty {
            lines.append("\(setAside.count) \(setAside.count == 1 ? "change was" : "changes were") refused and set aside:")
            for notice in setAside {
                lines.append(
                    "  \(SyncSummary.describe(notice.kind, notice.id, notice.label)) \(notice.field) = "
                        + "\(SyncSummary.quoted(notice.value)): \(notice.reason)")
            }
        }
        lines += SchemaVersionMessages.syncLines(self)
        if pendingAfter > 0 {
            lines.append("\(pendingAfter) \(pendingAfter == 1 ? "change waits" : "changes wait") for the next sync.")
        }
        return lines.joined(separator: "\n")
    }

    /// `collection c-1f2e (bike, leisure)`.
    static func describe(_ kind: RecordKind, _ id: RecordID, _ label: String?) -> String {
        "\(kind.rawValue) \(id)" + (label.map { " (\($0))" } ?? "")
    }

    /// A value as the summary shows it: text in quotes, numbers and booleans bare.
    static func quoted(_ value: FieldValue) -> String {
        if case .text(let s) = value { return "'\(s)'" }
        return value.description
    }
}
