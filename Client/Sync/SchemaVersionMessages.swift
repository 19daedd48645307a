import GisementShared

/// Every user-facing sentence about schema versions, workshops and the jobs fields, in one place
/// so that a message catalogue can take them over whole.
public enum SchemaVersionMessages {
    /// The lines a sync summary adds: changes kept for a newer server, a catch-up, a newer server.
    static func syncLines(_ summary: SyncSummary) -> [String] {
        var lines: [String] = []
        if summary.caughtUp > 0 {
            lines.append(
                "Fetched once \(summary.caughtUp) \(summary.caughtUp == 1 ? "change" : "changes") of kinds or fields "
                    + "this replica could not hold before its update.")
        }
        if summary.heldForNewerServer > 0 {
            lines.append(heldForOlderServer(summary.heldForNewerServer, serverSchema: summary.serverSchema))
        }
        if let schema = summary.serverSchema, schema > SchemaVersion.current {
            lines.append(newerServer(schema: schema, version: summary.serverVersion))
        }
        return lines
    }

    /// A server of an older schema version cannot hold some pending changes: they stay.
    public static func heldForOlderServer(_ count: Int, serverSchema: Int?) -> String {
        "\(count) \(count == 1 ? "change" : "changes") (workshops, jobs, members or satisfaction) "
            + "\(count == 1 ? "waits" : "wait") here: the server holds schema version \(serverSchema ?? 1) and "
            + "cannot store \(count == 1 ? "it" : "them") yet; \(count == 1 ? "it is" : "they are") kept and "
            + "will be sent once the server is updated to gisement-server \(GisementCLI.version) or later."
    }

    /// The server holds kinds or fields this version does not know.
    public static func newerServer(schema: Int, version: String?) -> String {
        "The server holds kinds or fields this version of gisement does not know (schema version \(schema); this "
            + "one holds \(SchemaVersion.current)); they are not fetched. Install gisement "
            + "\(version ?? "of the server's version") or later to see them."
    }

    /// `set` of employed_after above requalified: a warning, the value is kept.
    public static func employedAboveRequalified(employed: Int64, requalified: Int64, test: String? = nil) -> String {
        "Warning: " + (test.map { "test \($0): " } ?? "") + "employed_after (\(employed)) is more than requalified "
            + "(\(requalified)); kept as given, check the figures."
    }

    /// The warning for a test whose employed_after is above its requalified, nil otherwise.
    public static func jobsWarning(_ test: Record, naming: Bool = false) -> String? {
        guard test.kind == .pilotTest, !test.isDeleted, let employed = test.integer("employed_after"),
            let requalified = test.integer("requalified"), employed > requalified
        else { return nil }
        return employedAboveRequalified(employed: employed, requalified: requalified, test: naming ? test.id : nil)
    }

    /// `workshop add` without its test or date.
    public static let workshopNeedsTestAndDate =
        "A workshop needs its test and the day it was held: gisement workshop add --test TEST --on YYYY-MM-DD."
}
