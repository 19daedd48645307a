import GisementShared

extension SyncSummary {
    /// The summary as one JSON document (`gisement sync --json`):
    /// ```json
    /// {"server":"http://127.0.0.1:8080","replica":"r-4f9a","pushed":3,"duplicates":0,"pulled":2,
    ///  "conflicts":1,"lost_edits":[{"kind":"collection","id":"c-1","label":"bike, leisure",
    ///  "field":"weight_kg","yours":12.5,"kept":14,"kept_from":"r-77aa","kept_hlc":"1763720130123:0"}],
    ///  "set_aside":[],"pending":0,"cursor":42,"clock_offset_ms":-12,"duration_ms":85}
    /// ```
    public var json: JSONValue {
        var object = JSONObject()
        object["server"] = .string(server)
        object["replica"] = .string(replicaID)
        if let previousReplicaID {
            object["previous_replica"] = .string(previousReplicaID)
            object["restamped"] = .integer(Int64(restamped))
        }
        object["pushed"] = .integer(Int64(pushed))
        object["duplicates"] = .integer(Int64(duplicates))
        object["pulled"] = .integer(Int64(pulled))
        object["conflicts"] = .integer(Int64(conflicts))
        object["lost_edits"] = .array(
            lostEdits.map { edit in
                var entry = JSONObject()
                entry["kind"] = .string(edit.kind.rawValue)
                entry["id"] = .string(edit.id)
                entry["label"] = edit.label.map { .string($0) } ?? .null
                entry["field"] = .string(edit.field)
                entry["yours"] = edit.yourValue.json
                entry["kept"] = edit.winningValue.json
                entry["kept_from"] = .string(edit.winningReplica)
                entry["kept_hlc"] = .string(edit.winningHLC.description)
                if edit.isRemoval { entry["edit_vs_delete"] = .bool(true) }
                return .object(entry)
            })
        object["set_aside"] = .array(
            setAside.map { notice in
                var entry = JSONObject()
                entry["kind"] = .string(notice.kind.rawValue)
                entry["id"] = .string(notice.id)
                entry["label"] = notice.label.map { .string($0) } ?? .null
                entry["field"] = .string(notice.field)
                entry["value"] = notice.value.json
                entry["reason"] = .string(notice.reason)
                return .object(entry)
            })
        if let recovery {
            object["server_went_back"] = .string(serverWentBack ?? "")
            object["recovery"] = .object([
                "records": .integer(Int64(recovery.records)), "sent": .integer(Int64(recovery.sent)),
                "relayed": .integer(Int64(recovery.relayed)), "received": .integer(Int64(recovery.received)),
                "refused": .integer(Int64(recovery.refused)), "left": .integer(Int64(recovery.left)),
                "reissued": .integer(Int64(recovery.reissued)),
            ])
        }
        if heldForNewerServer > 0 { object["held_for_newer_server"] = .integer(Int64(heldForNewerServer)) }
        if caughtUp > 0 { object["caught_up"] = .integer(Int64(caughtUp)) }
        object["server_schema"] = serverSchema.map { .integer(Int64($0)) } ?? .null
        if scopeEntered + scopeRemoved + scopeKept > 0 {
            object["scope"] = .object([
                "entered": .integer(Int64(scopeEntered)), "removed": .integer(Int64(scopeRemoved)),
                "kept": .integer(Int64(scopeKept)),
            ])
        }
        object["pending"] = .integer(Int64(pendingAfter))
        object["cursor"] = .integer(cursor)
        object["clock_offset_ms"] = clockOffset.map { .integer($0) } ?? .null
        object["duration_ms"] = .integer(durationMilliseconds)
        return .object(object)
    }
}
