import GisementShared

/// `gisement export KIND --format csv|json`: every record of a kind, for spreadsheets and scripts.
struct ExportCommand: CLICommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "export", abstract: "Write every record of a kind as CSV or JSON to standard output.",
            discussion: """
                The CSV has a header row naming the fields (id first), references as ids, and two
                columns for 'gisement import': deleted, and _clock (what the replica had seen of each
                record, so that re-importing the sheet never undoes a later edit silently).
                Removed records are left out, except those an exported record still refers to
                (deleted is true on them).

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
        // A removed record that an exported one still refers to is exported too, marked deleted,
        // so that importing every kind into a fresh replica finds what each reference names.
        let referencedRemoved = try store.removedButReferenced(kind)
        let clocks = try store.recordClocks(kind)
        var header = CSVWriter()
        header.append(["id"] + fields.map(\.name) + [Schema.deletedField, SheetClock.column])
        context.console.write(header.text)
        try store.forEachRecord(kind: kind, filter: RecordFilter(includesDeleted: !referencedRemoved.isEmpty)) { record in
            if record.isDeleted, !referencedRemoved.contains(record.id) { return }
            var row = CSVWriter()
            row.append(
                [record.id] + fields.map { field in
                    guard let value = record[field.name] else { return "" }
                    if case .text(let text) = value, field.type == .text { return SpreadsheetGuard.guarded(text) }
                    return value.description
                }
                    + [record.isDeleted ? "true" : "", SheetClock.text(clocks[record.id] ?? VectorClock())])
            context.console.write(row.text)
        }
    }
}
