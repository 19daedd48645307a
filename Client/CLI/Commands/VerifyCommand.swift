import GisementShared

/// `gisement verify [--repair]`: compares this replica with the server by digests and prints
/// what differs; `--repair` sends and fetches only that. Exit 0 when they are equal, 1 when not.
struct VerifyCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "verify",
            abstract: "Compare this replica with the server; --repair makes them equal.",
            discussion: """
                Compares digests of ranges of records, so equal replicas cost a few requests, not a
                download. Lists the records that differ (exit 1), or says they are equal (exit 0).
                With --repair, fetches the server's versions of those records and sends the ones
                the server lacks; changes not yet synced count as differences until the next sync.

                  gisement verify
                  gisement verify --repair
                """,
            options: [
                OptionSpec("repair", help: "Send and fetch what differs, then compare again."),
                OptionSpec("server", value: "url", help: "The server (default: the one this replica syncs with)."),
            ] + TokenOption.specs(remembered: false))
    }

    /// The most differing records listed by name.
    static let listed = 20

    let repair: Bool
    let server: String?
    let token: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        repair = arguments.flag("repair")
        server = arguments.string("server")
        token = try TokenOption.read(arguments)
        if let server, !(server.hasPrefix("http://") || server.hasPrefix("https://")) {
            throw arguments.usageError("Invalid value '\(server)' for --server; give a URL starting with http:// or https://.")
        }
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let status = try store.syncStatus()
        guard let server = server ?? status.server else {
            throw CLIError.usage(
                "This replica knows no server yet; give one with --server URL, or run 'gisement sync --server URL'.",
                commandPath: ["verify"])
        }
        let (transport, label) = try ServerConnection.transport(server, command: "verify")
        let token = try ServerConnection.token(
            token, environment: context.environment, remembered: status.token, server: server,
            rememberedServer: status.server, command: "verify")
        let client = SyncServerClient(
            transport: transport, serverLabel: label, token: token, deadline: SyncDeadline(seconds: 3600))
        let reconciler = Reconciler(store: store, client: client, replicaID: status.replicaID)
        do {
            var difference = try reconciler.compare()
            var repaired: Reconciler.Repair?
            if repair, !difference.isEqual {
                repaired = try reconciler.repair(difference)
                difference = try reconciler.compare()
            }
            try report(difference, repaired: repaired, store: store, context: context)
        } catch let error as SyncError {
            throw CLIError(ExitStatus(rawValue: error.exitCode), error.message)
        }
    }

    private func report(
        _ difference: Reconciler.Difference, repaired: Reconciler.Repair?, store: ReplicaStore, context: CommandContext
    ) throws {
        let pending = try store.pendingCount()
        if context.isJSON {
            func list(_ keys: [RecordKey]) -> JSONValue {
                .array(keys.map { .object(["kind": .string($0.kind.rawValue), "id": .string($0.id)]) })
            }
            var object: JSONObject = [
                "equal": .bool(difference.isEqual), "different": list(difference.different),
                "only_here": list(difference.onlyHere), "only_on_server": list(difference.onlyOnServer),
                "pending": .integer(Int64(pending)),
            ]
            if let repaired {
                object["repair"] = .object([
                    "sent": .integer(Int64(repaired.sent)), "relayed": .integer(Int64(repaired.relayed)),
                    "received": .integer(Int64(repaired.received)), "refused": .integer(Int64(repaired.refused)),
                ])
            }
            context.printJSON(.object(object))
        } else {
            if let repaired {
                context.console.line(
                    "Repaired: sent \(repaired.sent) of this replica's versions and \(repaired.relayed) of others', "
                        + "fetched \(repaired.received)" + (repaired.refused > 0 ? ", \(repaired.refused) refused." : "."))
            }
            if difference.isEqual {
                context.console.line("This replica and the server hold the same records.")
            } else {
                let rows =
                    difference.different.map { ($0, "differs") } + difference.onlyHere.map { ($0, "only here") }
                    + difference.onlyOnServer.map { ($0, "only on the server") }
                for (key, what) in rows.prefix(Self.listed) {
                    let label = (try? store.record(kind: key.kind, id: key.id)).flatMap { $0.map(SyncSummary.label) } ?? nil
                    context.console.line("  \(SyncSummary.describe(key.kind, key.id, label)): \(what)")
                }
                if rows.count > Self.listed { context.console.line("  … and \(rows.count - Self.listed) more.") }
            }
            if pending > 0 {
                context.console.line(
                    "\(pending) \(pending == 1 ? "change waits" : "changes wait") for the next sync; "
                        + "'gisement sync' sends them.")
            }
        }
        guard difference.isEqual else {
            throw CLIError(
                .failure,
                "This replica and the server differ: \(difference.different.count) records differ, "
                    + "\(difference.onlyHere.count) only here, \(difference.onlyOnServer.count) only on the server; "
                    + (repaired == nil ? "'gisement verify --repair' makes them equal." : "run 'gisement sync', then verify again."))
        }
    }
}
