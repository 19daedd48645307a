import GisementCommandLine
import GisementShared

/// `gisement verify [--repair]`: compares this replica with the server by digests and prints
/// what differs; `--repair` sends and fetches only that. Exit 0 when they are equal, 1 when not.
struct VerifyCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "verify",
            abstract: localized("help.verify.abstract"),
            discussion: localized("help.verify.discussion"),
            options: [
                OptionSpec("repair", help: localized("help.verify.repair")),
                OptionSpec("server", value: "url", help: localized("help.verify.server")),
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
        if let server, !InitCommand.isServerURL(server) {
            throw arguments.usageError(localized("init.badServer", ["value": server]))
        }
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let status = try store.syncStatus()
        guard let server = server ?? status.server else {
            throw CLIError.usage(
                localized("verify.noServer"),
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
                    localized(
                        repaired.refused > 0 ? "verify.repairedRefused" : "verify.repaired",
                        ["sent": String(repaired.sent), "relayed": String(repaired.relayed),
                         "received": String(repaired.received), "refused": String(repaired.refused)]))
            }
            if difference.isEqual {
                context.console.line(localized("verify.same"))
            } else {
                let rows =
                    difference.different.map { ($0, localized("verify.differs")) }
                    + difference.onlyHere.map { ($0, localized("verify.onlyHere")) }
                    + difference.onlyOnServer.map { ($0, localized("verify.onlyOnServer")) }
                for (key, what) in rows.prefix(Self.listed) {
                    let label = (try? store.record(kind: key.kind, id: key.id)).flatMap { $0.map(SyncSummary.label) } ?? nil
                    context.console.line("  \(SyncSummary.describe(key.kind, key.id, label)): \(what)")
                }
                if rows.count > Self.listed {
                    context.console.line("  " + localized("verify.more", ["count": String(rows.count - Self.listed)]))
                }
            }
            if pending > 0 {
                context.console.line(localized(pending == 1 ? "verify.pending.one" : "verify.pending", ["count": String(pending)]))
            }
        }
        guard difference.isEqual else {
            throw CLIError(
                .failure,
                localized(
                    repaired == nil ? "verify.differ" : "verify.differAfterRepair",
                    ["different": String(difference.different.count), "onlyHere": String(difference.onlyHere.count),
                     "onlyOnServer": String(difference.onlyOnServer.count)]))
        }
    }
}
