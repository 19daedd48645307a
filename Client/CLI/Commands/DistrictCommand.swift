import GisementShared

/// `gisement district add|list`.
struct DistrictCommand: CLICommandGroup {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "district", abstract: "Add and list the districts where collection tests run.",
            subcommands: [DistrictAddCommand.self, DistrictListCommand.self])
    }
}

/// `gisement district add NAME [--commune C] [--code C] [--population N] [--habitat H]`.
struct DistrictAddCommand: CLICommand {
    static var configuration: CommandConfiguration {
        let schema = Schema.district
        return CommandConfiguration(
            name: "add", abstract: "Add a district and print its id.",
            discussion: """
                The population turns collected kilograms into kg per inhabitant in reports.

                  gisement district add "Bellevue" --commune Nantes --population 12400 \\
                    --habitat dense-urban
                """,
            arguments: [ArgumentSpec("name", help: "The district's name.")],
            options: [
                .field("commune", schema, "commune", value: "commune"),
                .field("code", schema, "code", value: "code"),
                .field("population", schema, "population", value: "n", help: "Number of inhabitants."),
                .field("habitat", schema, "habitat", value: "habitat", help: "Housing zone."),
            ])
    }

    let fields: FieldList

    init(_ arguments: ParsedArguments) throws(CLIError) {
        var fields = FieldList()
        fields.add("name", try RecordCommands.name(arguments))
        fields.add("commune", try arguments.fieldValue("commune"))
        fields.add("code", try arguments.fieldValue("code"))
        fields.add("population", try arguments.fieldValue("population"))
        fields.add("habitat", try arguments.fieldValue("habitat"))
        self.fields = fields
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let id = try store.create(kind: .district, fields: fields.fields)
        context.printCreated(id, kind: .district)
    }
}

/// `gisement district list`.
struct DistrictListCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "list", abstract: "List the districts.",
            discussion: "  gisement district list --json")
    }

    init(_ arguments: ParsedArguments) throws(CLIError) {}

    func run(_ context: CommandContext) throws {
        try RecordCommands.list(.district, filter: .all, context: context)
    }
}

/// Helpers the record commands share.
enum RecordCommands {
    /// The NAME argument checked as a `name` field (1 to 2,000 characters).
    static func name(_ arguments: ParsedArguments) throws(CLIError) -> FieldValue {
        let name = arguments.positional(0) ?? ""
        guard !name.trimmingSpaces.isEmpty else { throw arguments.usageError("The name cannot be empty.") }
        guard name.count <= FieldSpec.maxTextLength else {
            throw arguments.usageError("The name is longer than \(FieldSpec.maxTextLength) characters.")
        }
        return .text(name)
    }

    /// Prints the records of a kind as a table (or JSON).
    static func list(_ kind: RecordKind, filter: RecordFilter, context: CommandContext) throws {
        let store = try context.openReplica()
        if context.isJSON {
            var items: [JSONValue] = []
            try store.forEachRecord(kind: kind, filter: filter) { items.append($0.flatJSON) }
            context.printJSON(.array(items))
            return
        }
        var table = RecordTable(kind: kind, store: store)
        try store.forEachRecord(kind: kind, filter: filter) { try table.append($0) }
        table.table.write(to: context.console, emptyMessage: "No \(kind.plural) yet.")
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (Foundation-free).
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
