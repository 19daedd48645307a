import GisementCommandLine
import GisementShared

/// `gisement list KIND [--test T] [--district D] [--category C] [--agent A] [--from DATE] [--to DATE]`.
struct ListCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list", abstract: localized("help.list.abstract"),
            discussion: localized("help.list.discussion"),
            arguments: [ArgumentSpec("kind", help: localized("help.list.kind"))],
            options: [
                OptionSpec("test", value: "test", help: localized("help.list.test")),
                OptionSpec("district", value: "district", help: localized("help.list.district")),
                OptionSpec(
                    "category", value: "category", help: localized("help.list.category"),
                    allowedValues: Schema.collection.field("category")?.choices ?? []),
                OptionSpec("agent", value: "name", help: localized("help.list.agent")),
                OptionSpec("from", value: "date", help: localized("help.list.from")),
                OptionSpec("to", value: "date", help: localized("help.list.to")),
            ])
    }

    let kind: RecordKind
    let test: String?
    let district: String?
    let collectionFilter: CollectionFilter

    init(_ arguments: ParsedArguments) throws(CLIError) {
        kind = try ListCommand.kind(arguments, at: 0)
        test = arguments.string("test")
        district = arguments.string("district")
        let schema = Schema.of(kind)
        if test != nil, schema.field("test") == nil {
            throw arguments.usageError(
                localized("list.testNotApplicable", ["kinds": Vocabulary.kindName(kind, plural: true)]))
        }
        if district != nil, schema.field("district") == nil {
            throw arguments.usageError(
                localized("list.districtNotApplicable", ["kinds": Vocabulary.kindName(kind, plural: true)]))
        }
        collectionFilter = try CollectionFilter(arguments)
        if collectionFilter.isActive, kind != .collection {
            throw arguments.usageError(
                localized("list.collectionOnly", ["kinds": Vocabulary.kindName(kind, plural: true)]))
        }
    }

    /// Reads a KIND argument, singular or plural.
    static func kind(_ arguments: ParsedArguments, at index: Int) throws(CLIError) -> RecordKind {
        let text = arguments.positional(index) ?? ""
        guard let kind = RecordKind(name: text) else {
            throw arguments.usageError(
                localized(
                    "list.unknownKind", ["kind": text, "choices": RecordKind.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        return kind
    }

    func run(_ context: CommandContext) throws {
        var filter = RecordFilter()
        if test != nil || district != nil {
            var resolver = ReferenceResolver(store: try context.openReplica())
            if let test { filter.test = try resolver.resolve(.pilotTest, test, label: "--test").id }
            if let district { filter.district = try resolver.resolve(.district, district, label: "--district").id }
        }
        try RecordCommands.list(kind, filter: filter, context: context, where: collectionFilter.matches)
    }
}
