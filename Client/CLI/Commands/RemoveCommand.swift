import GisementCommandLine
import GisementShared

/// `gisement rm ID [--cascade]`.
///
/// A district, partner or test that live records still refer to is not removed alone: the
/// records would point at something lists and reports no longer show. `--cascade` removes them
/// too, and what refers to them in turn (a district's tests bring their collections).
struct RemoveCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "rm", abstract: localized("help.rm.abstract"),
            discussion: localized("help.rm.discussion"),
            arguments: [ArgumentSpec("id", help: localized("help.arg.id"))],
            options: [
                RecordLocator.kindOption,
                OptionSpec("cascade", help: localized("help.rm.cascade")),
            ])
    }

    let id: String
    let kind: RecordKind?
    let cascades: Bool

    init(_ arguments: ParsedArguments) throws(CLIError) {
        id = arguments.positional(0) ?? ""
        kind = RecordLocator.kind(arguments)
        cascades = arguments.flag("cascade")
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplicaForWriting()
        let record = try RecordLocator.find(id, kind: kind, store: store)
        let wasDeleted = record.isDeleted
        var dependents: [(kind: RecordKind, ids: [RecordID])] = []
        if !wasDeleted {
            let referrers = try store.liveReferrers(to: record.kind, id: record.id)
            if !referrers.isEmpty, !cascades {
                throw CLIError.data(
                    localized(
                        "rm.referred",
                        ["kind": Vocabulary.kindName(record.kind), "id": record.id, "counts": RemoveCommand.counts(referrers)]))
            }
            dependents = try RemoveCommand.dependents(of: record, store: store)
            let removals = [(record.kind, record.id)] + dependents.flatMap { group in group.ids.map { (group.kind, $0) } }
            try store.write(removals.map { RecordWrite(kind: $0.0, id: $0.1, fields: [(Schema.deletedField, .bool(true))]) })
        }
        let removedDependents = dependents.reduce(0) { $0 + $1.ids.count }
        if context.isJSON {
            var cascaded = JSONObject()
            for group in dependents { cascaded[group.kind.plural] = .integer(Int64(group.ids.count)) }
            context.printJSON(.object([
                "kind": .string(record.kind.rawValue), "id": .string(record.id), "deleted": .bool(true),
                "changed": .bool(!wasDeleted), "cascaded": .object(cascaded),
            ]))
        } else if wasDeleted {
            context.console.line(localized("rm.already", ["kind": Vocabulary.kindName(record.kind), "id": record.id]))
        } else if removedDependents == 0 {
            context.console.line(localized("rm.done", ["kind": Vocabulary.kindName(record.kind), "id": record.id]))
        } else {
            context.console.line(
                localized(
                    "rm.doneCascade",
                    ["kind": Vocabulary.kindName(record.kind), "id": record.id, "counts": RemoveCommand.counts(dependents)]))
        }
    }

    /// Every live record that refers to `record`, directly or through another such record, by kind
    /// in dependency order, each once.
    static func dependents(of record: Record, store: ReplicaStore) throws -> [(kind: RecordKind, ids: [RecordID])] {
        var found: [RecordKind: [RecordID]] = [:]
        var seen: Set<RecordKey> = [RecordKey(kind: record.kind, id: record.id)]
        var queue = [(record.kind, record.id)]
        while let (kind, id) = queue.popLast() {
            for group in try store.liveReferrers(to: kind, id: id) {
                for referrer in group.ids where seen.insert(RecordKey(kind: group.kind, id: referrer)).inserted {
                    found[group.kind, default: []].append(referrer)
                    queue.append((group.kind, referrer))
                }
            }
        }
        return Schema.kindsInDependencyOrder.compactMap { kind in found[kind].map { (kind, $0) } }
    }

    /// `3 collections and 1 participation`.
    static func counts(_ groups: [(kind: RecordKind, ids: [RecordID])]) -> String {
        let parts = groups.map { "\($0.ids.count) " + Vocabulary.kindName($0.kind, plural: $0.ids.count != 1) }
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " " + localized("word.and") + " " + parts[parts.count - 1]
    }
}
