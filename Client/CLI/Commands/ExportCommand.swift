import GisementShared

/// `gisement export KIND --format csv|json`: every record of a kind, for spreadsheets and scripts.
struct ExportCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "export", abstract: "Write every record of a kind as CSV or JSON to standard output.",
            discussion: """
                The CSV has a header row naming the fields (id first) and references as ids, so that
                'gisement import' reads it back. Removed records are left out.

                  gisement export collections --format csv > collections.csv
                """,
            arguments: [ArgumentSpec("kind", help: "The kind of record to export.")],
            options: [OptionSpec("format", value: "format", help: "Output format.", allowedValues: ["csv", "json"], default: "csv")],
            acceptsJSON: false)
    }

    let kind: RecordKind
    let format: String

    init(_ arguments: ParsedArguments) throws(CLIError) {
        kind = try ListCommand.kind(arguments, at: 0)
        format = arguments.string("format") ?? "csv"
    }

    func run(_ context: CommandContext) throws {
        let store = try context.openReplica()
        let fields = Schema.of(kind).fields.filter { $0.name != Schema.deletedField }
        if format == "json" || context.isJSON {
            var items: [JSONValue] = []
            try store.forEachRecord(kind: kind) { items.append($0.flatJSON) }
            context.printJSON(.array(items))
            return
        }
        var header = CSVWriter()
        header.append(["id"] + fields.map(\.name))
        context.console.write(header.text)
        try store.forEachRecord(kind: kind) { record in
            var row = CSVWriter()
            row.append([record.id] + fields.map { record[$0.name]?.description ?? "" })
            context.console.write(row.text)
        }
    }
}
