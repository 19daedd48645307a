import GisementShared

extension SyncSession {
    /// Step 3: pushes the outbox in batches of ``SyncConfiguration/pushBatchSize``.
    ///
    /// A batch leaves the outbox only after the server acknowledged it. If the sync dies between
    /// the acknowledgement and `acknowledge`, the next sync sends the batch again and the server
    /// counts it as duplicates: nothing is stored twice.
    func push(_ summary: inout SyncSummary) throws(SyncError) {
        let held = try replica { try store.heldCount(above: serverSchema) }
        summary.heldForNewerServer = held
        let total = try replica { try store.pendingCount() } - held
        guard total > 0 else { return }
        var batchSize = configuration.pushBatchSize
        var lastFirst: Dot? = nil
        // One durable "sent up to" record for the whole push instead of one per batch (each is an
        // fsynced commit: a thousand of them for a million changes). The highest counter issued so
        // far bounds every pending change, so the record is never below what goes out, which keeps
        // the restore check sound; a batch written meanwhile by another process is recorded when
        // it goes out (see `pushBatch`).
        var recordedSent = try replica { try store.syncStatus().counter }
        try replica { try store.recordSending(upTo: recordedSent) }
        observer.syncDidProgress(SyncProgress(phase: .pushing, pushed: 0, toPush: total))
        while true {
            let batch = try replica { try store.pendingChanges(limit: batchSize, heldAbove: serverSchema) }
            guard let first = batch.first else { break }
            guard first.dot != lastFirst else {
                throw SyncError(
                    .replicaFailure,
                    localized("push.keptAfterAck", ["change": "\(first)"]))
            }
            lastFirst = first.dot
            try pushBatch(batch, batchSize: &batchSize, recordedSent: &recordedSent, &summary)
            observer.syncDidProgress(
                SyncProgress(phase: .pushing, pushed: summary.pushed, toPush: max(total, summary.pushed)))
        }
    }

    /// Pushes one batch until every change in it is acknowledged or set aside.
    private func pushBatch(
        _ changes: [Change], batchSize: inout Int, recordedSent: inout UInt64, _ summary: inout SyncSummary
    ) throws(SyncError) {
        var remaining = changes
        if let highest = changes.map(\.counter).max(), highest > recordedSent {
            try replica { try store.recordSending(upTo: highest) }
            recordedSent = highest
        }
        while !remaining.isEmpty {
            let answer: PushAnswer
            do {
                answer = try client.push(PushBody(replica: summary.replicaID, changes: remaining))
            } catch let error where error.code == .clockAhead {
                throw clockAheadError(error, batch: remaining, offset: summary.clockOffset)
            }
            switch answer {
            case .accepted(let result):
                let dots = remaining.map(\.dot)
                try replica { try store.acknowledge(dots) }
                summary.pushed += remaining.count
                let counters = remaining.map(\.counter)
                if let low = counters.min(), let high = counters.max() {
                    let range = pushedCounters.map { min($0.lowerBound, low)...max($0.upperBound, high) }
                    pushedCounters = range ?? low...high
                }
                summary.duplicates += result.duplicates
                summary.conflicts += result.conflicts
                return
            case .rejected(let api):
                let index = api.index ?? 0
                let bad = remaining.remove(at: index)
                try setAside(bad, api: api, &summary)
                if api.code == "forbidden_change" {
                    // The token may not write this record at all: its other changes would be
                    // refused one by one, so they are set aside with it.
                    let same = remaining.filter { $0.record == bad.record }
                    remaining.removeAll { $0.record == bad.record }
                    for change in same { try setAside(change, api: api, &summary, notify: false) }
                }
            case .replicaConflict(let api):
                // A copy of this file pushed other changes under these dots: take a new id. The
                // push loop reads the outbox again, stamped under the new id.
                try rotate(because: api.message, &summary)
                recordedSent = 0
                return
            case .tooLarge:
                guard remaining.count > 1 else {
                    throw SyncError(
                        .protocolError,
                        localized("push.tooLarge", ["change": "\(bad: remaining[0])"]))
                }
                // Halve the batch, for this one and the next ones.
                batchSize = max(1, remaining.count / 2)
                let half = remaining.count / 2
                try pushBatch(Array(remaining[..<half]), batchSize: &batchSize, recordedSent: &recordedSent, &summary)
                // Took a new id meanwhile: the rest is stamped again in the outbox, under that id.
                if remaining[0].replica != summary.replicaID { return }
                remaining = Array(remaining[half...])
            }
        }
    }

    /// Sets aside a change the server refused and tells the user which record and field, and why.
    private func setAside(
        _ change: Change, api: APIErrorBody, _ summary: inout SyncSummary, notify: Bool = true
    ) throws(SyncError) {
        let reason = api.message.isEmpty ? api.code : api.message
        try replica { try store.setAside(dot: change.dot, reason: reason) }
        let label = try? store.recordLabel(kind: change.kind, id: change.id)
        let notice = SyncSummary.SetAsideNotice(
            kind: change.kind, id: change.id, label: label ?? nil, field: change.field, value: change.value,
            reason: reason)
        summary.setAside.append(notice)
        guard notify else { return }
        observer.syncNotice(
            localized(
                "push.setAside",
                ["field": notice.field, "record": SyncSummary.describe(notice.kind, notice.id, notice.label),
                 "value": "\(notice.value)", "reason": reason, "id": notice.id]))
    }
}

extension DefaultStringInterpolation {
    /// `collection c-1.weight_kg`, for messages about one change.
    mutating func appendInterpolation(bad change: Change) {
        appendLiteral("\(change.kind.rawValue) \(change.id).\(change.field)")
    }
}
