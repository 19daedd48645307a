import GisementShared

/// `gisement status`: what this replica is and what waits to be synced.
struct StatusCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "status", abstract: "Show the replica id, server, pending changes, last sync and conflicts.",
            discussion: "  gisement status")
    }

    init(_ arguments: ParsedArguments) throws(CLIError) {}

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let state = try store.syncState
        let pending = try store.pendingCount()
        let setAside = try store.setAsideChanges()
        let conflicts = try store.conflictCount()
        let schema = try store.schemaProgress()
        let held = try schema.serverSchema.map { try store.heldCount(above: $0) } ?? 0
        if context.isJSON {
            context.printJSON(.object([
                "replica": .string(state.replicaID), "database": .string(store.path),
                "agent": state.agent.map(JSONValue.string) ?? .null,
                "server": state.server.map(JSONValue.string) ?? .null,
                "pending": .integer(Int64(pending)),
                "set_aside": .array(setAside.map { item in
                    .object([
                        "kind": .string(item.change.kind.rawValue), "id": .string(item.change.id),
                        "field": .string(item.change.field), "counter": .integer(Int64(item.change.counter)),
                        "reason": .string(item.reason),
                    ])
                }),
                "last_sync": state.lastSync.map { .string(ZonedDateTime.utcString(epochSeconds: $0 / 1000)) } ?? .null,
                "conflicts": .integer(Int64(conflicts)),
                "schema_version": .integer(Int64(SchemaVersion.current)),
                "server_schema_version": schema.serverSchema.map { .integer(Int64($0)) } ?? .null,
                "server_version": schema.serverVersion.map(JSONValue.string) ?? .null,
                "held_for_newer_server": .integer(Int64(held)),
            ]))
            return
        }
        let console = context.console
        func row(_ label: String, _ value: String) {
            console.line(label + String(repeating: " ", count: max(1, 12 - label.count)) + value)
        }
        row("Replica", state.replicaID)
        row("Database", store.path)
        row("Agent", state.agent ?? "not set (give --agent to 'gisement init')")
        row("Server", state.server ?? "not set (give --server to 'gisement sync')")
        row("Pending", pending == 1 ? "1 change to push" : "\(pending) changes to push")
        row("Set aside", setAside.isEmpty ? "none" : "\(setAside.count) refused by the server (listed below)")
        row("Last sync", state.lastSync.map { Display.timestamp(milliseconds: $0) } ?? "never")
        row("Conflicts", conflicts == 0 ? "none seen" : "\(conflicts) seen (see 'gisement conflicts')")
        row("Schema", "version \(SchemaVersion.current)" + (schema.serverSchema.map { ", server \($0)" } ?? ""))
        if let serverSchema = schema.serverSchema, serverSchema > SchemaVersion.current {
            console.line()
            console.line(SchemaVersionMessages.newerServer(schema: serverSchema, version: schema.serverVersion))
        }
        if held > 0 {
            console.line()
            console.line(SchemaVersionMessages.heldForOlderServer(held, serverSchema: schema.serverSchema))
        }
        if !setAside.isEmpty {
            console.line()
            console.line("Set aside (not pushed; fix the field with 'gisement set' and sync again):")
            for item in setAside {
                let c = item.change
                console.line("  \(c.kind) \(c.id) \(c.field)=\(c.value) — \(item.reason)")
            }
        }
    }
}

/// `gisement conflicts`: the concurrent edits this replica resolved, both sides.
struct ConflictsCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "conflicts", abstract: "List the conflicts this replica resolved, both sides.",
            discussion: """
                A conflict is one field written on two replicas without either seeing the other's
                write. The later write (by hybrid clock) was kept everywhere; the other value is
                shown here so that nothing is lost silently. Put it back with 'gisement set'.
                An edit made while another replica removed the record shows "(record removed)":
                the edit is kept in the record, which stays removed.

                  gisement conflicts
                """)
    }

    init(_ arguments: ParsedArguments) throws(CLIError) {}

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let conflicts = try store.conflicts()
        if context.isJSON {
            context.printJSON(.array(conflicts.map { entry in
                func side(_ version: FieldVersion) -> JSONValue {
                    .object([
                        "value": version.value.json, "hlc": .string(version.hlc.description),
                        "replica": .string(version.dot.replica), "counter": .integer(Int64(version.dot.counter)),
                    ])
                }
                return .object([
                    "at": .string(ZonedDateTime.utcString(epochSeconds: entry.at / 1000)),
                    "kind": .string(entry.kind.rawValue), "id": .string(entry.id), "field": .string(entry.field),
                    "winner": side(entry.winner), "loser": side(entry.loser),
                    "own_edit_lost": .bool(entry.isOwnEditLost), "anomaly": .bool(entry.isAnomaly),
                    "edit_vs_delete": .bool(entry.isEditVsDelete),
                ])
            }))
            return
        }
        var table = TextTable([.init("seen"), .init("record"), .init("field"), .init("kept"), .init("lost"),
                               .init("lost by")])
        let type = { (entry: ConflictEntry) in Schema.of(entry.kind).field(entry.field)?.type }
        for entry in conflicts {
            table.append([
                Display.timestamp(milliseconds: entry.at), "\(entry.kind) \(entry.id)", entry.field,
                entry.isEditVsDelete
                    ? "(record removed)" : Display.value(entry.winner.value, field: entry.field, type: type(entry)),
                Display.value(entry.loser.value, field: entry.field, type: type(entry)),
                entry.isOwnEditLost ? "this replica" : entry.loser.dot.replica,
            ])
        }
        table.write(to: context.console, emptyMessage: "No conflicts seen.")
    }
}
