import GisementShared

/// The client's sentences about token rights and scopes, in one place so that a message catalogue
/// can take them over.
public enum ScopeMessages {
    public static func roleRefusal(role: String, kind: RecordKind) -> String {
        "this replica's token has the role \(role), which may not write a \(kind) (an agent writes collections, "
            + "participations and partners); ask a coordinator to do it, or sync with a coordinator's token"
    }

    public static func outsideScope(kind: RecordKind, id: RecordID) -> String {
        "the \(kind) \(id) is outside this replica's token scope, so the server would refuse the change; "
            + "ask an admin to add it ('gisement-server token scope')"
    }

    /// The sync notice when records left the replica with the scope.
    public static func left(removed: Int, kept: Int) -> String {
        var text = "\(removed) \(removed == 1 ? "record" : "records") left this replica's scope and "
            + "\(removed == 1 ? "was" : "were") removed from it."
        if kept > 0 {
            text += " \(kept) \(kept == 1 ? "record is" : "records are") outside the scope but kept, because "
                + "\(kept == 1 ? "it has" : "they have") changes not yet sent (see 'gisement status')."
        }
        return text
    }

    /// After a recovery: versions this replica's token may not write, left to others.
    public static func leftToOthers(_ count: Int) -> String {
        "\(count) \(count == 1 ? "version" : "versions") this replica's token may not write \(count == 1 ? "was" : "were") "
            + "not sent again; a replica whose token may write \(count == 1 ? "it" : "them") (a coordinator's, an admin's) sends "
            + "\(count == 1 ? "it" : "them")."
    }

    public static func entered(_ count: Int) -> String {
        "\(count) \(count == 1 ? "part" : "parts") of the network entered this replica's scope and "
            + "\(count == 1 ? "was" : "were") fetched whole."
    }
}
