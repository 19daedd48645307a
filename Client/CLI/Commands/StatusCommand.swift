import GisementCommandLine
import GisementShared

/// `gisement status`: what this replica is and what waits to be synced.
struct StatusCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "status", abstract: localized("help.status.abstract"),
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
        let ids = ["replica", "database", "agent", "server", "pending", "setAside", "lastSync", "conflicts"]
        let width = max(12, (ids.map { localized("status.label." + $0).count }.max() ?? 0) + 2)
        func row(_ id: String, _ value: String) {
            let label = localized("status.label." + id)
            console.line(label + String(repeating: " ", count: max(1, width - label.count)) + value)
        }
        row("replica", state.replicaID)
        row("database", store.path)
        row("agent", state.agent ?? localized("status.agent.unset"))
        row("server", state.server ?? localized("status.server.unset"))
        row("pending", localized(pending == 1 ? "status.pending.one" : "status.pending", ["count": String(pending)]))
        row("setAside", setAside.isEmpty ? localized("status.none") : localized("status.setAside.count", ["count": String(setAside.count)]))
        row("lastSync", state.lastSync.map { Display.timestamp(milliseconds: $0) } ?? localized("status.never"))
        row("conflicts", conflicts == 0 ? localized("status.conflicts.none") : localized("status.conflicts.count", ["count": String(conflicts)]))
        row("schema", localized(
            "status.schema.value",
            ["version": String(SchemaVersion.current),
             "server": schema.serverSchema.map { localized("status.schema.server", ["version": String($0)]) } ?? ""]))
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
            console.line(localized("status.setAside.heading"))
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
            name: "conflicts", abstract: localized("help.conflicts.abstract"),
            discussion: localized("help.conflicts.discussion"))
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
        var table = TextTable(
            ["seen", "record", "field", "kept", "lost", "lostBy"].map { TextTable.Column(localized("conflicts.column." + $0)) })
        let type = { (entry: ConflictEntry) in Schema.of(entry.kind).field(entry.field)?.type }
        for entry in conflicts {
            table.append([
                Display.timestamp(milliseconds: entry.at), Vocabulary.kindName(entry.kind) + " " + entry.id, entry.field,
                entry.isEditVsDelete
                    ? localized("conflicts.recordRemoved") : Display.value(entry.winner.value, field: entry.field, type: type(entry)),
                Display.value(entry.loser.value, field: entry.field, type: type(entry)),
                entry.isOwnEditLost ? localized("conflicts.thisReplica") : entry.loser.dot.replica,
            ])
        }
        table.write(to: context.console, emptyMessage: localized("conflicts.none"))
    }
}
