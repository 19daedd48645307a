import GisementShared

/// What the pull refuses to believe from a server: the checks that keep a broken or hostile
/// server from poisoning the replica (see `docs/sync.md`, "What the client does not trust").
extension SyncSession {
    /// A page that says more follows must move past the cursor, or the pull would ask for the same
    /// page until the sync's deadline.
    /// - Throws: ``SyncError`` `.protocolError`.
    func checkAdvances(_ page: PullPage, from cursor: Int64) throws(SyncError) {
        guard page.more, page.cursor <= cursor else { return }
        throw SyncError(
            .protocolError,
            localized("pull.stuck", ["server": client.serverLabel, "cursor": String(cursor)]))
    }

    /// The pulled changes minus those stamped more than the allowed skew ahead of both this device's
    /// clock and the server's: merging one would move the replica's clock there, and every later edit
    /// would be stamped beyond what any server accepts. A server refuses such changes at push, so
    /// only a broken or hostile one serves them; they are left out and the user is told.
    func withoutFutureStamps(_ changes: [Change], clockOffset: Int64?) -> [Change] {
        let local = clock.now()
        let limit = max(local, local + (clockOffset ?? 0)) + acceptedSkew
        let refused = changes.filter { $0.hlc.wall > limit }
        guard let first = refused.first else { return changes }
        observer.syncNotice(
            localized(
                refused.count == 1 ? "pull.futureStamps.one" : "pull.futureStamps",
                ["count": String(refused.count), "skew": SyncSession.duration(acceptedSkew),
                 "example": "\(first.kind.rawValue) \(first.id) \(first.field)", "hlc": "\(first.hlc)",
                 "replica": first.replica]))
        return changes.filter { $0.hlc.wall <= limit }
    }

    /// The pulled changes minus those the schema refuses (a text weight, `items=-5`, 200,000
    /// characters of notes, a control character): a server validates every push, so only a
    /// broken or hostile one serves them. They are left out and the user is told; a field this
    /// version does not know (written by a newer one) is not refused, it is kept as it came.
    func withoutInvalidValues(_ changes: [Change]) -> [Change] {
        withoutInvalidValues(SchemaSplit(changes))
    }

    /// ``withoutInvalidValues(_:)`` of changes already split (on the thread that fetched them).
    func withoutInvalidValues(_ split: SchemaSplit) -> [Change] {
        let (kept, refused) = (split.kept, split.refused)
        guard let (first, why) = refused.first else { return kept }
        observer.syncNotice(
            localized(
                refused.count == 1 ? "pull.invalid.one" : "pull.invalid",
                ["count": String(refused.count), "example": "\(first.kind.rawValue) \(first.id) \(first.field)",
                 "replica": first.replica, "reason": why.description]))
        return kept
    }

    /// Received changes split by ``validated(_:)``: pure work, so the pull does it on the thread
    /// that fetched the page rather than on the one merging the page before.
    struct SchemaSplit: Sendable {
        var kept: [Change]
        var refused: [(Change, ValidationError)]

        init(_ changes: [Change]) {
            (kept, refused) = SyncSession.validated(changes)
        }
    }

    /// Splits received changes into those the schema accepts (a field this version does not know
    /// included) and those it refuses, with the reason: for pulled pages and for the versions a
    /// repair fetches alike.
    static func validated(_ changes: [Change]) -> (kept: [Change], refused: [(Change, ValidationError)]) {
        var refused: [(Change, ValidationError)] = []
        var kept: [Change] = []
        kept.reserveCapacity(changes.count)
        for change in changes {
            do throws(ValidationError) {
                _ = try change.validated()
                kept.append(change)
            } catch {
                if case .unknownField = error.problem {
                    kept.append(change)
                } else {
                    refused.append((change, error))
                }
            }
        }
        return (kept, refused)
    }

    /// The cursor to store after `page`: its own, unless it lies beyond everything the server stated
    /// (its head, its push answers) and sent in this sync; then the highest of those, and the pull
    /// stops there (`isCut`). A forged position (2^63 - 1) would otherwise be stored, and every later
    /// pull would start past the end of the feed and miss every change. A legitimate page can only
    /// go past the stated head with positions pushed since by others, which it brings (or which are
    /// this replica's own, relayed): the next sync learns the new head and reads on from there.
    func storableCursor(_ page: PullPage, from cursor: Int64) -> (cursor: Int64, isCut: Bool) {
        guard let stated = client.statedFeedHead else { return (page.cursor, false) }
        let bound = max(cursor, stated, page.changes.compactMap(\.seq).max() ?? cursor)
        guard page.cursor > bound else { return (page.cursor, false) }
        observer.syncNotice(
            localized("pull.beyond", ["cursor": String(page.cursor), "stated": String(stated), "bound": String(bound)]))
        return (bound, true)
    }
}
