import GisementShared

/// `gisement list KIND [--test T] [--district D]`.
struct ListCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list", abstract: "List the records of a kind.",
            discussion: """
                KIND is district, partner, test, participation, collection or workshop (singular or
                plural). --test applies to collections, participations and workshops, --district to
                collections and tests.

                  gisement list collections --test "Bellevue spring"
                """,
            arguments: [ArgumentSpec("kind", help: "The kind of record to list.")],
            options: [
                OptionSpec("test", value: "test", help: "Only the records of this test (id or exact name)."),
                OptionSpec("district", value: "district", help: "Only the records of this district (id or exact name)."),
            ])
    }

    let kind: RecordKind
    let test: String?
    let district: String?

    init(_ arguments: ParsedArguments) throws(CLIError) {
        kind = try ListCommand.kind(arguments, at: 0)
        test = arguments.string("test")
        district = arguments.string("district")
        let schema = Schema.of(kind)
        if test != nil, schema.field("test") == nil {
            throw arguments.usageError("--test does not apply to \(kind.plural); use it with collections, participations or workshops.")
        }
        if district != nil, schema.field("district") == nil {
            throw arguments.usageError("--district does not apply to \(kind.plural); use it with collections or tests.")
        }
    }

    /// Reads a KIND argument, singular or plural.
    static func kind(_ arguments: ParsedArguments, at index: Int) throws(CLIError) -> RecordKind {
        let text = arguments.positional(index) ?? ""
        guard let kind = RecordKind(name: text) else {
            throw arguments.usageError(
                "Unknown kind '\(text)'; use one of " + RecordKind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
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
        try RecordCommands.list(kind, filter: filter, context: context)
    }
}
