import GisementShared

extension SyncSession {
    /// Remembers the server's schema version (from its health answer), so that push holds back
    /// what it cannot store and `status` can say when the server is newer.
    func noteServerSchema(_ health: ServerHealth, _ summary: inout SyncSummary) throws(SyncError) {
        serverSchema = health.schemaVersion
        summary.serverSchema = health.schemaVersion
        summary.serverVersion = health.version
        try replica { try store.saveServerSchema(health.schemaVersion, appVersion: health.version) }
    }

    /// Fetches, once, the fields added since the schema version the replica last pulled with
    /// (a replica made by an older release and opened by this one), from the start of the feed
    /// up to the replica's cursor; what lies after the cursor comes with the ordinary pull. Each
    /// page is merged with the catch-up's own position, so a killed catch-up goes on where it stopped.
    func catchUpSchema(_ summary: inout SyncSummary) throws(SyncError) {
        let progress = try replica { try store.schemaProgress() }
        guard progress.pulledSchema < SchemaVersion.current else { return }
        guard progress.feedCursor > 0, serverSchema > progress.pulledSchema else {
            // Nothing pulled yet (all comes with the pull), or the server holds nothing newer yet.
            if progress.feedCursor == 0 || serverSchema >= SchemaVersion.current {
                _ = try replica { try store.applyCatchUp([], cursor: 0, finished: true) }
            }
            return
        }
        let status = try replica { try store.syncStatus() }
        var cursor = progress.catchUpCursor
        while true {
            let page = try client.pull(
                since: cursor, limit: configuration.pullPageSize, excluding: status.replicaID,
                schemaAbove: progress.pulledSchema)
            let changes = withoutInvalidValues(page.changes)
            let finished = !page.more || page.cursor >= progress.feedCursor || page.cursor <= cursor
            _ = try replica {
                try store.applyCatchUp(changes, cursor: page.cursor, finished: finished && serverSchema >= SchemaVersion.current)
            }
            summary.caughtUp += changes.count
            cursor = page.cursor
            if finished { break }
        }
    }
}
