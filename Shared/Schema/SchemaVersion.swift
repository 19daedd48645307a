/// Which kinds and fields each version of the schema holds.
///
/// Version 1 is contract 1.0 (five kinds); version 2 adds the `workshop` kind and the jobs,
/// participation and satisfaction fields (contract 1.1). A client announces its version on
/// every sync request; the server serves it only what that version holds, so a replica of an
/// older release never receives a change it could not store (docs/protocol.md, "Schema version").
public enum SchemaVersion {
    /// The version this code holds.
    public static let current = 2
    /// The version of a client that announces none: the release before versions existed.
    public static let unannounced = 1

    /// Fields added after version 1, by kind, with the version that added them.
    /// A kind absent from `addedKinds` and a field absent here are version 1.
    static let addedFields: [RecordKind: [String: Int]] = [
        .pilotTest: [
            "requalified": 2, "employed_after": 2, "members_before": 2, "members_after": 2,
            "target_jobs": 2, "target_attendance_rate": 2, "target_members": 2,
        ],
        .participation: ["satisfaction": 2, "satisfaction_notes": 2],
    ]
    /// Kinds added after version 1, with the version that added them (all their fields with them).
    static let addedKinds: [RecordKind: Int] = [.workshop: 2]

    /// The version that added `field` of `kind`.
    public static func introducing(kind: RecordKind, field: String) -> Int {
        if let version = addedKinds[kind] { return version }
        return addedFields[kind]?[field] ?? 1
    }

    /// Whether a replica of `version` can hold `field` of `kind`.
    public static func holds(_ version: Int, kind: RecordKind, field: String) -> Bool {
        introducing(kind: kind, field: field) <= version
    }

    /// Whether a replica of `version` knows `kind` at all.
    public static func holds(_ version: Int, kind: RecordKind) -> Bool {
        (addedKinds[kind] ?? 1) <= version
    }

    /// The `(kind, field)` pairs a version added, for a catch-up pull's allow-list and docs.
    public static func added(in version: Int) -> [(kind: RecordKind, field: String)] {
        var pairs: [(kind: RecordKind, field: String)] = []
        for kind in Schema.kindsInDependencyOrder {
            for name in Schema.of(kind).fieldNames where introducing(kind: kind, field: name) == version {
                pairs.append((kind, name))
            }
        }
        return pairs
    }
}
