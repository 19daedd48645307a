import GisementShared

/// Every user-facing sentence about schema versions, workshops and the jobs fields, from the
/// message catalogue (`schema.*`).
public enum SchemaVersionMessages {
    /// The lines a sync summary adds: changes kept for a newer server, a catch-up, a newer server.
    static func syncLines(_ summary: SyncSummary) -> [String] {
        var lines: [String] = []
        if summary.caughtUp > 0 {
            lines.append(
                localized(summary.caughtUp == 1 ? "schema.caughtUp.one" : "schema.caughtUp", ["count": String(summary.caughtUp)]))
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
        localized(
            count == 1 ? "schema.held.one" : "schema.held",
            ["count": String(count), "schema": String(serverSchema ?? 1), "version": GisementCLI.version])
    }

    /// The server holds kinds or fields this version does not know.
    public static func newerServer(schema: Int, version: String?) -> String {
        localized(
            version == nil ? "schema.newerServer" : "schema.newerServerVersion",
            ["schema": String(schema), "current": String(SchemaVersion.current), "version": version ?? ""])
    }

    /// `set` of employed_after above requalified: a warning, the value is kept.
    public static func employedAboveRequalified(employed: Int64, requalified: Int64, test: String? = nil) -> String {
        localized("warning.prefix") + (test.map { localized("schema.testPrefix", ["id": $0]) } ?? "")
            + localized("schema.employedAbove", ["employed": String(employed), "requalified": String(requalified)])
    }

    /// The warning for a test whose employed_after is above its requalified, nil otherwise.
    public static func jobsWarning(_ test: Record, naming: Bool = false) -> String? {
        guard test.kind == .pilotTest, !test.isDeleted, let employed = test.integer("employed_after"),
            let requalified = test.integer("requalified"), employed > requalified
        else { return nil }
        return employedAboveRequalified(employed: employed, requalified: requalified, test: naming ? test.id : nil)
    }

    /// `workshop add` without its test or date.
    public static var workshopNeedsTestAndDate: String { localized("schema.workshopNeeds") }
}
