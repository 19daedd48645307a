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
                "This device's clock is ahead of the server's by \(SyncSession.duration(-offset)), more than the "
                    + "\(SyncSession.duration(health.maxSkew)) the server accepts. Set the device's date, time and "
                    + "time zone right (turn on automatic date and time), then sync again; nothing was lost.")
        }
        // Changes written while the clock was ahead leave with the corrected time, so that they
        // neither wait for the bad time to pass nor beat later edits of others.
        let restamped = try replica {
            try store.restampFutureChanges(now: after + offset, margin: configuration.clockWarningThreshold)
        }
        if restamped > 0 {
            observer.syncNotice(
                "\(restamped) \(restamped == 1 ? "change was" : "changes were") written while this device's clock was "
                    + "ahead; \(restamped == 1 ? "it is" : "they are") stamped again with the right time before "
                    + "leaving.")
        }
        if abs(offset) > configuration.clockWarningThreshold {
            let direction = offset < 0 ? "ahead of" : "behind"
            observer.syncNotice(
                "Warning: this device's clock is \(direction) the server's by \(SyncSession.duration(abs(offset))); "
                    + "set its date and time right (automatic date and time) so that edits are ordered as they "
                    + "happened.")
        }
    }

    /// The message for a push the server refused as stamped ahead of its clock.
    func clockAheadError(_ error: SyncError, batch: [Change], offset: Int64?) -> SyncError {
        guard let latest = batch.map(\.hlc.wall).max() else { return error }
        let serverNow = clock.now() + (offset ?? 0)
        let ahead = latest - serverNow
        var message = "The server refused changes stamped up to \(SyncSession.duration(max(ahead, 0))) ahead of its "
            + "clock: they were written while this device's clock was ahead. "
        message += "Set the device's date and time right (automatic date and time); the changes are kept and will "
            + "be accepted once the server's clock reaches them, after "
            + ZonedDateTime.utcString(epochSeconds: (latest - acceptedSkew) / 1000 + 1)
            + ". Sync again then."
        var result = error
        result.message = message
        return result
    }

    /// `3 min 20 s`, `2 h 5 min`, `1.5 s`.
    static func duration(_ milliseconds: Int64) -> String {
        let ms = abs(milliseconds)
        if ms < 10_000 { return "\(Double(ms / 100) / 10) s" }
        let seconds = ms / 1000
        if seconds < 3600 { return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s" }
        if seconds < 86_400 { return "\(seconds / 3600) h \(seconds / 60 % 60) min" }
        return "\(seconds / 86_400) days \(seconds / 3600 % 24) h"
    }
}
