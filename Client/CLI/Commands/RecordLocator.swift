import GisementCommandLine
import GisementShared

/// Finds a record by id alone, for `set`, `rm` and `show`: the kind is looked up.
enum RecordLocator {
    /// The option that picks the kind when an id is used by records of several kinds.
    static var kindOption: OptionSpec {
        OptionSpec(
            "kind", value: "kind", help: localized("help.opt.kind"),
            allowedValues: RecordKind.allCases.map(\.rawValue))
    }

    /// The record with this id (of `kind` when given).
    /// - Throws: ``CLIError`` (exit 65) when no record has the id, or when several kinds do and no kind was given.
    static func find(_ id: String, kind: RecordKind?, store: ReplicaStore) throws -> Record {
        if let why = Identifier.problem(with: id) {
            throw CLIError.data(localized("locate.invalidID", ["id": id, "why": why]))
        }
        let kinds = try kind.map { [$0] } ?? store.kinds(holding: id)
        if kinds.count > 1 {
            throw CLIError.data(
                localized("locate.severalKinds", ["id": id, "kinds": kinds.map(\.rawValue).joined(separator: ", ")]))
        }
        guard let kind = kinds.first, let record = try store.record(kind: kind, id: id) else {
            if let kind {
                throw CLIError.data(
                    localized(
                        "locate.notFoundOfKind",
                        ["kind": Vocabulary.kindName(kind), "id": id, "command": ReferenceResolver.listCommand(kind)]))
            }
            throw CLIError.data(localized("locate.notFound", ["id": id]))
        }
        return record
    }

    /// Reads `--kind`.
    static func kind(_ arguments: ParsedArguments) -> RecordKind? {
        arguments.string("kind").flatMap(RecordKind.init(name:))
    }
}

/// `gisement show ID`.
struct ShowCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "show", abstract: localized("help.show.abstract"),
            discussion: "  gisement show c-5b1e0c7d-…",
            arguments: [ArgumentSpec("id", help: localized("help.arg.id"))],
            options: [RecordLocator.kindOption])
    }

    let id: String
    let kind: RecordKind?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        id = arguments.positional(0) ?? ""
        kind = RecordLocator.kind(arguments)
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let record = try RecordLocator.find(id, kind: kind, store: store)
        if context.isJSON {
            context.printJSON(record.documentJSON)
        } else {
            for line in try RecordDetails(store: store).lines(record) { context.console.line(line) }
        }
    }
}
