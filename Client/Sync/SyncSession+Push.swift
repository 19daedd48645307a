import GisementShared

extension SyncSession {
    /// Step 3: pushes the outbox in batches of ``SyncConfiguration/pushBatchSize``.
    ///
    /// A batch leaves the outbox only after the server acknowledged it. If the sync dies between
    /// the acknowledgement and `acknowledge`, the next sync sends the batch again and the server
    /// counts it as duplicates: nothing is stored twice.
    ///
    /// One batch is in flight at a time (the server's per-replica high-water mark needs batches in
    /// counter order), but while the server applies batch N the next one is read from the outbox
    /// (the changes above N's last counter) and encoded, so the push takes about the longer of the
    /// two instead of their sum. That read-ahead is used only when N was accepted whole; after a
    /// refusal, a new id or a smaller batch size the outbox is read again from its start.
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
        var readAhead: OutgoingBatch?
        while true {
            let next: OutgoingBatch?
            if let readAhead { next = readAhead } else { next = try nextBatch(after: 0, size: batchSize, replica: summary.replicaID) }
            guard let batch = next else { break }
            readAhead = nil
            let first = batch.body.changes[0]
            guard first.dot != lastFirst else {
                throw SyncError(
                    .replicaFailure,
                    localized("push.keptAfterAck", ["change": "\(first)"]))
            }
            lastFirst = first.dot
            readAhead = try pushBatch(batch, batchSize: &batchSize, recordedSent: &recordedSent, &summary)
            observer.syncDidProgress(
                SyncProgress(phase: .pushing, pushed: summary.pushed, toPush: max(total, summary.pushed)))
        }
    }

    /// The next batch to push, encoded: at most `size` pending changes above `counter`; nil when
    /// none is left.
    private func nextBatch(after counter: UInt64, size: Int, replica id: ReplicaID) throws(SyncError) -> OutgoingBatch? {
        let changes = try replica { try store.pendingChanges(limit: size, heldAbove: serverSchema, after: counter) }
        guard !changes.isEmpty else { return nil }
        return OutgoingBatch(PushBody(replica: id, changes: changes))
    }

    /// Pushes one batch until every change in it is acknowledged or set aside.
    /// - Returns: the batch after it, read and encoded while the server worked on this one, when
    ///   this one was accepted whole at the first try (nil otherwise: the caller reads again).
    private func pushBatch(
        _ batch: OutgoingBatch, batchSize: inout Int, recordedSent: inout UInt64, _ summary: inout SyncSummary
    ) throws(SyncError) -> OutgoingBatch? {
        var remaining = batch.body.changes
        var outgoing = batch
        var readAhead: OutgoingBatch?
        // Only the first attempt carries the whole batch; a retry (after a refusal or a halving)
        // neither reads ahead nor hands a read-ahead back.
        var isFirstAttempt = true
        if let highest = remaining.map(\.counter).max(), highest > recordedSent {
            try replica { try store.recordSending(upTo: highest) }
            recordedSent = highest
        }
        while !remaining.isEmpty {
            let answer: PushAnswer
            do throws(SyncError) {
                let client = client
                let sending = outgoing
                let request = BackgroundRequest { () throws(SyncError) in try client.push(sending) }
                var readError: SyncError?
                if isFirstAttempt, let last = remaining.last?.counter {
                    do throws(SyncError) {
                        readAhead = try nextBatch(after: last, size: batchSize, replica: summary.replicaID)
                    } catch {
                        readError = error  // thrown once the request is back: the client is free then
                    }
                }
                answer = try request.wait()
                if let readError { throw readError }
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
                return isFirstAttempt ? readAhead : nil
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
                return nil
            case .tooLarge:
                guard remaining.count > 1 else {
                    throw SyncError(
                        .protocolError,
                        localized("push.tooLarge", ["change": "\(bad: remaining[0])"]))
                }
                // Halve the batch, for this one and the next ones.
                batchSize = max(1, remaining.count / 2)
                let half = remaining.count / 2
                let firstHalf = OutgoingBatch(PushBody(replica: summary.replicaID, changes: Array(remaining[..<half])))
                _ = try pushBatch(firstHalf, batchSize: &batchSize, recordedSent: &recordedSent, &summary)
                // Took a new id meanwhile: the rest is stamped again in the outbox, under that id.
                if remaining[0].replica != summary.replicaID { return nil }
                remaining = Array(remaining[half...])
            }
            outgoing = OutgoingBatch(PushBody(replica: summary.replicaID, changes: remaining))
            isFirstAttempt = false
        }
        return nil
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
