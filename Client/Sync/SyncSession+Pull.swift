import GisementShared

extension SyncSession {
    /// Step 4: pulls the server's feed after the replica's cursor, page by page.
    ///
    /// Each page is merged and the cursor moved in one transaction, so a sync killed mid-pull
    /// starts again from the last page applied; merging a change twice is a no-op anyway.
    /// Changes this replica wrote are left out by the server (`exclude_replica`).
    func pull(_ summary: inout SyncSummary) throws(SyncError) {
        let status = try replica { try store.syncStatus() }
        let mark = try replica { try store.conflictMark() }
        var cursor = status.cursor
        var pulledConflicts = 0
        observer.syncDidProgress(SyncProgress(phase: .pulling, pushed: summary.pushed, toPush: summary.pushed))
        while true {
            let page = try client.pull(since: cursor, limit: configuration.pullPageSize, excluding: status.replicaID)
            guard page.cursor >= cursor else {
                throw SyncError(
                    .protocolError,
                    "The server's feed went back from position \(cursor) to \(page.cursor); is this the same "
                        + "server as before? Check the URL.")
            }
            let changes = page.changes
            let next = page.cursor
            pulledConflicts += try replica { try store.applyPulled(changes, cursor: next) }
            summary.pulled += changes.count
            let moved = next > cursor
            cursor = next
            observer.syncDidProgress(
                SyncProgress(phase: .pulling, pushed: summary.pushed, toPush: summary.pushed, pulled: summary.pulled))
            // A page that says "more" but neither moved nor brought anything would loop forever.
            guard page.more, moved || !changes.isEmpty else { break }
        }
        summary.cursor = cursor
        let found = try replica { try store.conflicts(after: mark) }
        var lost: [SyncSummary.LostEdit] = []
        for conflict in found where conflict.isOwnEditLost {
            let label = try? store.recordLabel(kind: conflict.kind, id: conflict.id)
            lost.append(
                SyncSummary.LostEdit(
                    kind: conflict.kind, id: conflict.id, label: label ?? nil, field: conflict.field,
                    yourValue: conflict.loser.value, winningValue: conflict.winner.value,
                    winningReplica: conflict.winner.dot.replica, winningHLC: conflict.winner.hlc))
        }
        summary.lostEdits = lost
        // The server already counted, in its push answers, the conflicts of the edits pushed by this run.
        let countedAtPush = found.filter {
            $0.isOwnEditLost && $0.loser.dot.replica == summary.replicaID
                && (pushedCounters?.contains($0.loser.dot.counter) ?? false)
        }.count
        summary.conflicts += max(0, pulledConflicts - countedAtPush)
    }
}
