import GisementShared

extension SyncSession {
    /// Step 2: what the server says of this replica and itself. A replica restored from an old
    /// copy takes a new id; a server found behind what the replica knew (restored from a backup,
    /// replaced by an empty one, another store) is marked for recovery, durably, before the push,
    /// so a sync killed midway recovers at the next one (killed before that, the next one finds
    /// the same signs again: nothing it compares with has been saved yet).
    func checkServer(_ status: SyncStoreStatus, _ summary: inout SyncSummary) throws(SyncError) {
        let knowledge = try replica { try store.serverKnowledge() }
        let server = try client.replicaStatus(status.replicaID, lineage: knowledge.lineage.map(\.id))
        // Where this replica's feed history and the server's part: the start of the first
        // generation after the latest one both know, on either side (a restore can drop
        // generations the replica saw, and add ones it never saw).
        var divergence = server.rewind
        if let common = server.common, let index = knowledge.lineage.lastIndex(where: { $0.id == common }),
            index + 1 < knowledge.lineage.count
        {
            divergence = min(divergence ?? .max, knowledge.lineage[index + 1].base)
        }
        let held = max(server.counter, server.relayedCounter)
        let sent = try replica { try store.sentCounter() }
        // Why, as a message id and its blanks: said in the user's language, kept in English in the
        // summary's JSON (`server_went_back`), which scripts read.
        var wentBack: CatalogueMessage? = nil
        if let known = knowledge.store, let current = server.store, known != current {
            wentBack = CatalogueMessage("recovery.otherStore")
        } else if let divergence, divergence < status.cursor {
            wentBack = CatalogueMessage("recovery.feedBack", ["from": String(status.cursor), "to": String(divergence)])
        } else if let head = server.head, head < status.cursor {
            wentBack = CatalogueMessage("recovery.feedEnds", ["head": String(head), "cursor": String(status.cursor)])
        } else if held < knowledge.acknowledged {
            wentBack = CatalogueMessage("recovery.holdsLess", ["held": String(held), "acknowledged": String(knowledge.acknowledged)])
        }
        if let wentBack {
            summary.serverWentBack = wentBack.text(in: .en)
            summary.serverWentBackMessage = wentBack
            observer.syncNotice(localized("recovery.notice", ["why": wentBack.text()]))
        } else if summary.serverWentBack == nil, knowledge.isRecoveryPending {
            summary.serverWentBackMessage = CatalogueMessage("recovery.earlier")
            summary.serverWentBack = summary.serverWentBackMessage?.text(in: .en)
        }
        if held > min(sent, status.counter) {
            try rotate(
                because: localized(
                    "recovery.copied",
                    ["held": String(held), "id": status.replicaID, "sent": String(min(sent, status.counter))]),
                &summary)
        }
        // Remembered only now, with the flag: until the recovery ends, the flag says it must run.
        try replica {
            try store.saveServerKnowledge(
                store: server.store,
                generation: server.generation.map { ServerGeneration(id: $0, base: server.generationBase ?? 0) },
                recoveryPending: wentBack != nil || knowledge.isRecoveryPending)
        }
    }

    /// Takes a new replica id and stamps the pending changes again under it: this file is a copy
    /// of a replica whose id the server already holds other changes under.
    func rotate(because reason: String, _ summary: inout SyncSummary) throws(SyncError) {
        let old = summary.replicaID
        let newID = Identifier.random(prefix: "r-")
        let restamped = try replica { try store.rotateReplicaID(newID: newID) }
        summary.previousReplicaID = summary.previousReplicaID ?? old
        summary.replicaID = newID
        summary.restamped += restamped
        observer.syncNotice(
            localized(
                restamped == 1 ? "recovery.rotated.one" : "recovery.rotated",
                ["reason": reason, "id": newID, "count": String(restamped)]))
    }

    /// Step 3b: after the push, when a recovery is pending, makes the server and this replica hold
    /// the same versions (``Reconciler``), then reads the feed from the head it compared against.
    func recoverIfPending(_ summary: inout SyncSummary) throws(SyncError) {
        guard try replica({ try store.serverKnowledge() }).isRecoveryPending else { return }
        let reconciler = Reconciler(store: store, client: client, replicaID: summary.replicaID)
        let difference: Reconciler.Difference
        do {
            difference = try reconciler.compare()
        } catch where error.code == .protocolError {
            // A server older than contract 1.1 cannot compare: the sync goes on as it always did.
            observer.syncNotice(error.message)
            try replica { try store.saveServerKnowledge(store: nil, generation: nil, recoveryPending: false) }
            return
        }
        var counts = SyncSummary.RecoveryCounts(records: difference.all.count)
        if !difference.isEqual {
            let repair = try reconciler.repair(difference) { reason throws(SyncError) in
                try rotate(because: reason, &summary)
                return summary.replicaID
            }
            counts.sent = repair.sent
            counts.relayed = repair.relayed
            counts.received = repair.received
            counts.refused = repair.refused
            counts.left = repair.left
            counts.reissued = repair.reissued
            summary.restamped += repair.reissued
        }
        summary.recovery = counts
        if counts.reissued > 0 {
            // Versions written again under a new id wait in the outbox: sent now, not next time.
            try push(&summary)
        }
        try replica {
            try store.setCursor(difference.serverHead)
            try store.saveServerKnowledge(store: nil, generation: nil, recoveryPending: false)
        }
    }
}
