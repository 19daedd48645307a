import Foundation
import GisementShared

extension SyncSession {
    /// Step 4: pulls the server's feed after the replica's cursor, page by page.
    ///
    /// Each page is merged and the cursor moved in one transaction, so a sync killed mid-pull
    /// starts again from the last page applied; merging a change twice is a no-op anyway.
    /// Changes this replica wrote are left out by the server (`exclude_replica`). While a page is
    /// merged, the next one is already fetched, decoded and checked against the schema on another
    /// thread (``BackgroundRequest``): the pull takes about the longer of the two instead of their
    /// sum.
    func pull(_ summary: inout SyncSummary) throws(SyncError) {
        let status = try replica { try store.syncStatus() }
        let mark = try replica { try store.conflictMark() }
        var cursor = status.cursor
        var pulledConflicts = 0
        observer.syncDidProgress(SyncProgress(phase: .pulling, pushed: summary.pushed, toPush: summary.pushed))
        let limit = configuration.pullPageSize
        // A page is checked against the schema where it was fetched: on the prefetching thread
        // while the page before is merged.
        let client = client
        let fetch = { (since: Int64) throws(SyncError) -> (PullPage, SchemaSplit) in
            let page = try client.pull(since: since, limit: limit, excluding: status.replicaID)
            return (page, SchemaSplit(page.changes))
        }
        var prefetch: BackgroundRequest<(PullPage, SchemaSplit)>?
        while true {
            let fetched: (PullPage, SchemaSplit)
            if let prefetch { fetched = try prefetch.wait() } else { fetched = try fetch(cursor) }
            let (page, split) = fetched
            prefetch = nil
            guard page.cursor >= cursor else {
                throw SyncError(
                    .protocolError,
                    localized("pull.feedBack", ["from": String(cursor), "to": String(page.cursor)]))
            }
            try checkAdvances(page, from: cursor)
            let changes = withoutFutureStamps(withoutInvalidValues(split), clockOffset: summary.clockOffset)
            let (next, isCut) = storableCursor(page, from: cursor)
            let goesOn = page.more && !isCut
            if goesOn {
                // If merging fails, the session throws and the prefetched page is dropped: a pull
                // changes nothing on the server, so nothing is lost.
                prefetch = BackgroundRequest { () throws(SyncError) in try fetch(next) }
            }
            pulledConflicts += try replica { try store.applyPulled(changes, cursor: next) }
            summary.pulled += changes.count
            cursor = next
            observer.syncDidProgress(
                SyncProgress(phase: .pulling, pushed: summary.pushed, toPush: summary.pushed, pulled: summary.pulled))
            guard goesOn else { break }
        }
        summary.cursor = cursor
        let found = try replica { try store.conflicts(after: mark) }
        var lost: [SyncSummary.LostEdit] = []
        for conflict in found where conflict.isOwnEditLost {
            let label = try? store.recordLabel(kind: conflict.kind, id: conflict.id)
            var edit = SyncSummary.LostEdit(
                kind: conflict.kind, id: conflict.id, label: label ?? nil, field: conflict.field,
                yourValue: conflict.loser.value, winningValue: conflict.winner.value,
                winningReplica: conflict.winner.dot.replica, winningHLC: conflict.winner.hlc)
            edit.isRemoval = conflict.isEditVsDelete
            lost.append(edit)
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
