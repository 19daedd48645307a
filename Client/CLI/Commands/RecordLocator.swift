import GisementShared

/// Finds a record by id alone, for `set`, `rm` and `show`: the kind is looked up.
enum RecordLocator {
    /// The option that picks the kind when an id is used by records of several kinds.
    static var kindOption: OptionSpec {
        OptionSpec(
            "kind", value: "kind", help: "The record's kind, when the id is used by several kinds.",
            allowedValues: RecordKind.allCases.map(\.rawValue))
    }

    /// The record with this id (of `kind` when given).
    /// - Throws: ``CLIError`` (exit 65) when no record has the id, or when several kinds do and no kind was given.
    static func find(_ id: String, kind: RecordKind?, store: ReplicaStore) throws -> Record {
        if let why = Identifier.problem(with: id) {
            throw CLIError.data("The id '\(id)' \(why); copy it from 'gisement list KIND'.")
        }
        let kinds = try kind.map { [$0] } ?? store.kinds(holding: id)
        if kinds.count > 1 {
            throw CLIError.data(
                "The id '\(id)' is used by records of several kinds (\(kinds.map(\.rawValue).joined(separator: ", "))); "
                    + "add --kind with one of them.")
        }
        guard let kind = kinds.first, let record = try store.record(kind: kind, id: id) else {
            let what = kind.map { "No \($0)" } ?? "No record"
            throw CLIError.data("\(what) has the id '\(id)'; see 'gisement list KIND' for the ids.")
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
            name: "show", abstract: "Show any record by its id.",
            discussion: "  gisement show c-5b1e0c7d-…",
            arguments: [ArgumentSpec("id", help: "The record's id.")],
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
