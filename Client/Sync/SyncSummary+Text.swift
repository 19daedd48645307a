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
        let one = { (count: Int, id: String) in count == 1 ? id + ".one" : id }
        var head = localized("summary.head", ["server": server, "pushed": String(pushed)])
        if duplicates > 0 { head += " " + localized("summary.duplicates", ["count": String(duplicates)]) }
        head += localized(one(conflicts, "summary.pulled"), ["pulled": String(pulled), "conflicts": String(conflicts)])
        lines.append(head)
        if let previousReplicaID {
            lines.append(
                localized(
                    one(restamped, "summary.newReplicaID"),
                    ["id": replicaID, "previous": previousReplicaID, "count": String(restamped)]))
        }
        if let recovery {
            lines.append(
                localized(
                    "summary.recovery",
                    ["why": serverWentBackMessage.map { $0.text() } ?? serverWentBack
                        ?? localized("summary.recovery.restored"), "records": String(recovery.records),
                     "sent": String(recovery.sent), "relayed": String(recovery.relayed),
                     "received": String(recovery.received)]))
            if recovery.left > 0 { lines.append(ScopeMessages.leftToOthers(recovery.left)) }
        }
        if !lostEdits.isEmpty {
            lines.append(localized(one(lostEdits.count, "summary.lost"), ["count": String(lostEdits.count)]))
            for edit in lostEdits where edit.isRemoval {
                lines.append(
                    "  " + localized(
                        "summary.lost.removed",
                        ["record": SyncSummary.describe(edit.kind, edit.id, edit.label), "field": edit.field,
                         "yours": SyncSummary.quoted(edit.yourValue), "replica": edit.winningReplica]))
            }
            for edit in lostEdits where !edit.isRemoval {
                lines.append(
                    "  " + localized(
                        "summary.lost.edit",
                        ["record": SyncSummary.describe(edit.kind, edit.id, edit.label), "field": edit.field,
                         "yours": SyncSummary.quoted(edit.yourValue), "kept": SyncSummary.quoted(edit.winningValue),
                         "replica": edit.winningReplica]))
            }
            lines.append("  " + localized("summary.lost.hint"))
        }
        if !setAside.isEmpty {
            lines.append(localized(one(setAside.count, "summary.setAside"), ["count": String(setAside.count)]))
            for notice in setAside {
                lines.append(
                    "  \(SyncSummary.describe(notice.kind, notice.id, notice.label)) \(notice.field) = "
                        + "\(SyncSummary.quoted(notice.value)): \(notice.reason)")
            }
        }
        lines += SchemaVersionMessages.syncLines(self)
        if scopeEntered > 0 { lines.append(ScopeMessages.entered(scopeEntered)) }
        if scopeRemoved > 0 || scopeKept > 0 { lines.append(ScopeMessages.left(removed: scopeRemoved, kept: scopeKept)) }
        if pendingAfter > 0 {
            lines.append(localized(one(pendingAfter, "summary.waiting"), ["count": String(pendingAfter)]))
        }
        return lines.joined(separator: "\n")
    }

    /// `collection c-1f2e (bike, leisure)`.
    static func describe(_ kind: RecordKind, _ id: RecordID, _ label: String?) -> String {
        // A collection's label ends with its category code (kept as a code in the JSON): said
        // here in the user's language.
        var shown = label
        if kind == .collection, let label, let comma = label.range(of: ", ", options: .backwards) {
            shown = label[..<comma.lowerBound] + ", " + Vocabulary.label(String(label[comma.upperBound...]), field: "category")
        } else if kind == .collection, let label {
            shown = Vocabulary.label(label, field: "category")
        }
        return Vocabulary.kindName(kind) + " " + id + (shown.map { " (\($0))" } ?? "")
    }

    /// A value as the summary shows it: text in quotes, numbers and booleans bare.
    static func quoted(_ value: FieldValue) -> String {
        switch value {
        case .text(let s): return "'\(s)'"
        case .decimal: return LocalFormat.number(value.description)
        default: return value.description
        }
    }
}
