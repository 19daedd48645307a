import GisementShared

/// `gisement rm ID [--cascade]`.
///
/// A district, partner or test that live records still refer to is not removed alone: the
/// records would point at something lists and reports no longer show. `--cascade` removes them
/// too, and what refers to them in turn (a district's tests bring their collections).
struct RemoveCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "rm", abstract: "Remove a record (it is marked deleted, and the removal syncs).",
            discussion: """
                Nothing is physically forgotten: the record's 'deleted' field becomes true, lists and
                reports leave it out, and 'gisement set ID deleted=false' brings it back. A district,
                partner or test that records still refer to is only removed with --cascade, which
                removes those records too.

                  gisement rm c-5b1e0c7d-…
                  gisement rm t-91aa… --cascade
                """,
            arguments: [ArgumentSpec("id", help: "The record's id.")],
            options: [
                RecordLocator.kindOption,
                OptionSpec("cascade", help: "Also remove the records that refer to it."),
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
                    "The \(record.kind) \(record.id) is still referred to by \(RemoveCommand.counts(referrers)); "
                        + "remove them first, or add --cascade to remove them with it.")
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
            context.console.line("The \(record.kind) \(record.id) was already removed.")
        } else if removedDependents == 0 {
            context.console.line("Removed \(record.kind) \(record.id).")
        } else {
            context.console.line(
                "Removed \(record.kind) \(record.id) and the \(RemoveCommand.counts(dependents)) that referred to it.")
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
        let parts = groups.map { "\($0.ids.count) \($0.ids.count == 1 ? $0.kind.rawValue : $0.kind.plural)" }
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
    }
}
