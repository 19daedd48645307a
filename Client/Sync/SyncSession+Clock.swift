import GisementShared

extension SyncSession {
    /// Step 1: asks the server its time and compares it with the local clock.
    ///
    /// The local reading is taken halfway through the request, so the network delay does not count
    /// as skew. Beyond ``SyncConfiguration/clockWarningThreshold`` the user is warned; when the local
    /// clock is ahead by more than the server accepts, the sync stops before anything is stamped
    /// (a new replica id would stamp the pending changes again).
    func checkClock(_ summary: inout SyncSummary) throws(SyncError) {
        let before = clock.now()
        let health = try client.health()
        let after = clock.now()
        acceptedSkew = health.maxSkew
        try noteServerSchema(health, &summary)
        guard let serverTime = health.serverTime else { return }
        let offset = serverTime - (before + after) / 2
        summary.clockOffset = offset
        if -offset > health.maxSkew {
            throw SyncError(
                .clockAhead,
                localized(
                    "clock.aheadOfServer",
                    ["ahead": SyncSession.duration(-offset), "accepted": SyncSession.duration(health.maxSkew)]))
        }
        // Changes written while the clock was ahead leave with the corrected time, so that they
        // neither wait for the bad time to pass nor beat later edits of others.
        let restamped = try replica {
            try store.restampFutureChanges(now: after + offset, margin: configuration.clockWarningThreshold)
        }
        if restamped > 0 {
            observer.syncNotice(
                localized(restamped == 1 ? "clock.restamped.one" : "clock.restamped", ["count": String(restamped)]))
        }
        if abs(offset) > configuration.clockWarningThreshold {
            observer.syncNotice(
                localized("warning.prefix")
                    + localized(
                        offset < 0 ? "clock.warningAhead" : "clock.warningBehind",
                        ["duration": SyncSession.duration(abs(offset))]))
        }
    }

    /// The message for a push the server refused as stamped ahead of its clock.
    func clockAheadError(_ error: SyncError, batch: [Change], offset: Int64?) -> SyncError {
        guard let latest = batch.map(\.hlc.wall).max() else { return error }
        let serverNow = clock.now() + (offset ?? 0)
        let ahead = latest - serverNow
        let message = localized(
            "clock.pushRefused",
            ["ahead": SyncSession.duration(max(ahead, 0)),
             "after": ZonedDateTime.utcString(epochSeconds: (latest - acceptedSkew) / 1000 + 1)])
        var result = error
        result.message = message
        return result
    }

    /// `3 min 20 s`, `2 h 5 min`, `1.5 s`.
    static func duration(_ milliseconds: Int64) -> String {
        let ms = abs(milliseconds)
        if ms < 10_000 { return LocalFormat.number("\(Double(ms / 100) / 10)") + " s" }
        let seconds = ms / 1000
        if seconds < 3600 { return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s" }
        if seconds < 86_400 { return "\(seconds / 3600) h \(seconds / 60 % 60) min" }
        return localized("duration.days", ["days": String(seconds / 86_400), "hours": String(seconds / 3600 % 24)])
    }
}
