import GisementShared

extension SyncSession {
    /// How many scope keys one request for what entered the scope names.
    static let keysPerRequest = 100

    /// Step 3c: follows the token's scope (contract "Scopes"). Reads the token's rights; fetches
    /// whole, from the start of the feed, what entered the scope since the last sync (the regular
    /// pull only brings what changed after the cursor). A token that lost its scope pulls the whole
    /// feed again.
    /// - Returns: the rights to keep once the pull is done.
    func followScope(_ summary: inout SyncSummary) throws(SyncError) -> TokenRights? {
        guard let rights = try client.me() else { return nil }
        let before = try replica { try store.knownRights() }
        let cursor = try replica { try store.syncStatus().cursor }
        switch (before?.holds, rights.holds) {
        case (let old?, let new?):
            let entering = new.subtracting(old).sorted()
            if !entering.isEmpty {
                try fetchWhole(entering, &summary)
                summary.scopeEntered = entering.count
            }
        case (_?, nil) where cursor > 0:
            // Everything may enter: read the feed from its start.
            try replica { try store.setCursor(0) }
        default:
            break
        }
        return rights
    }

    /// Fetches every version of the records of `keys`, page by page; the cursor stays.
    private func fetchWhole(_ keys: [String], _ summary: inout SyncSummary) throws(SyncError) {
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + Self.keysPerRequest, keys.count)])
            start += chunk.count
            var since: Int64 = 0
            while true {
                let page = try client.pull(since: since, limit: configuration.pullPageSize, keys: chunk)
                try checkAdvances(page, from: since)
                let changes = withoutInvalidValues(withoutFutureStamps(page.changes, clockOffset: summary.clockOffset))
                _ = try replica { try store.applyRepair(changes) }
                summary.pulled += changes.count
                since = page.cursor
                guard page.more else { break }
            }
        }
    }

    /// Step 5: once pulled, removes what the scope no longer holds (records with changes not yet
    /// sent stay, and are counted), and remembers the rights.
    func settleScope(_ rights: TokenRights?, _ summary: inout SyncSummary) throws(SyncError) {
        guard let rights else { return }
        if let holds = rights.holds {
            let (removed, kept) = try replica { try store.forgetOutsideScope(holds) }
            summary.scopeRemoved = removed
            summary.scopeKept = kept
        }
        try replica { try store.saveKnownRights(rights) }
    }
}
